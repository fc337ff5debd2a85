// Vite's `?raw` imports give a file's text (README.md in tests/readme.test.ts).
declare module "*?raw" {
  const text: string;
  export default text;
}

// Vite's import.meta.glob: the files a pattern (or any of several) matches, by path (tests/readme.test.ts
// lists src/ with it, and the files the README and docs may name).
interface ImportMeta {
  glob(pattern: string | string[]): Record<string, () => Promise<unknown>>;
}
