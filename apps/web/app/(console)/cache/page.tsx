import { CacheBrowser } from "./cache-browser.tsx";

export default function CachePage() {
  return (
    <main>
      <h1>Cache</h1>
      <p>What each distribution has cached: repos, revisions and files, with sizes and downloads served.</p>
      <CacheBrowser />
    </main>
  );
}
