# One image for every service; SOTTO_SERVICE picks which one a container runs.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json ./
RUN npm install --no-audit --no-fund --omit=dev
COPY . .
USER node
CMD ["npx", "tsx", "bin/start.ts"]
