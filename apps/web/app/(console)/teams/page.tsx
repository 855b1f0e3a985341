import { TeamsConsole } from "./teams-console.tsx";

export const metadata = { title: "Teams · Hubcache" };

export default function TeamsPage() {
  return (
    <main>
      <TeamsConsole />
    </main>
  );
}
