// Vite's `?raw` imports give a file's text (README.md in tests/readme.test.ts).
declare module "*?raw" {
  const text: string;
  export default text;
}

// Vite's import.meta.glob: the files a pattern matches, by path (tests/readme.test.ts lists src/ with it).
interface ImportMeta {
  glob(pattern: string): Record<string, () => Promise<unknown>>;
}
