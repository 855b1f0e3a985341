import { RemotesConsole } from "./remotes-console.tsx";

export const metadata = { title: "Remotes · Hubcache" };

export default function RemotesPage() {
  return (
    <main>
      <RemotesConsole />
    </main>
  );
}
