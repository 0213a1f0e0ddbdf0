# One image for every service; SOTTO_SERVICE picks which one a container runs.

# The TypeScript compiled once, with the development packages the build needs.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json ./
COPY sdk/package.json sdk/
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# What runs: the compiled JavaScript and the production packages, no TypeScript loader.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json ./
COPY sdk/package.json sdk/
RUN npm install --no-audit --no-fund --omit=dev
COPY --from=build /app/dist ./dist
USER node
# Administration in a container: node dist/bin/sotto.js <command> (what `npm run sotto` runs).
CMD ["node", "--enable-source-maps", "dist/bin/start.js"]
