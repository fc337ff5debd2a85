// Vite's `?raw` imports give a file's text (README.md in tests/readme.test.ts).
declare module "*?raw" {
  const text: string;
  export default text;
}
