import { serverCaller } from "../../../server/trpc/server-caller.ts";

export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const events = await (await serverCaller("/audit")).audit.list({ limit: 200 });
  return (
    <main>
      <h1>Audit log</h1>
      <p>Who changed what in your teams, newest first.</p>
      {events.length === 0 ? (
        <p>No changes yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Team</th>
                <th>Who</th>
                <th>What</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>
                    <time dateTime={event.createdAt.toISOString()}>
                      {event.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
                    </time>
                  </td>
                  <td>{event.team ?? "—"}</td>
                  <td>{event.actor}</td>
                  <td>
                    {event.action} <strong>{event.target}</strong>
                  </td>
                  <td>
                    <code>{JSON.stringify(event.detail)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
