// Feed fixtures are imported as text (Vite's ?raw), as a feed server would send them.
declare module "*.xml?raw" {
  const text: string;
  export default text;
}
