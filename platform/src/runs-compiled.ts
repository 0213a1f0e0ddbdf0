/**
 * Whether this process runs the JavaScript that `npm run build` (or `npm run bench`) compiled,
 * rather than the TypeScript sources through tsx: this file's own name tells, as every file is
 * compiled with it. Code that starts another of the project's processes picks its entry by it.
 */
export const RUNS_COMPILED = __filename.endsWith('.js');
