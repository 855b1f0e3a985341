import { listAuditEvents } from "@hubcache/services";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { database } from "../../../lib/db.ts";
import { getSessionUser } from "../../../server/auth/index.ts";

export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const user = await getSessionUser(await headers());
  if (!user) redirect("/sign-in?next=/audit");
  const { db } = await database();
  const events = await listAuditEvents(db, { userId: user.id, username: user.username }, { limit: 200 });
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
