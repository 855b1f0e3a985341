import { StorageConsole } from "./storage-console.tsx";

export const metadata = { title: "Storage · Hubcache" };

export default function StoragePage() {
  return (
    <main>
      <h1>Storage</h1>
      <p>
        What each team&apos;s cache holds against its quota: pins (never evicted), the largest repos, recent
        evictions, and how long unused files are kept. The content server enforces all of it.
      </p>
      <StorageConsole />
    </main>
  );
}
