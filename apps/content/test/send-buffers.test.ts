import { expect, test } from "bun:test";
import { SendBuffers } from "../src/send-buffers.ts";

test("buffers are lent up to the limit; the next download waits for one handed back, in turn", async () => {
  const buffers = new SendBuffers(1024, 2);
  const first = buffers.take();
  const second = buffers.take();
  expect(first).toBeInstanceOf(Buffer);
  expect(second).toBeInstanceOf(Buffer);
  expect((first as Buffer).length).toBe(1024);
  expect(buffers.lentCount).toBe(2);

  const order: string[] = [];
  const third = Promise.resolve(buffers.take()).then((buffer) => (order.push("third"), buffer));
  const fourth = Promise.resolve(buffers.take()).then((buffer) => (order.push("fourth"), buffer));
  await Bun.sleep(5);
  expect(order).toEqual([]);
  expect(buffers.waitingCount).toBe(2);

  buffers.giveBack(first as Buffer);
  expect(await third).toBe(first as Buffer);
  expect(order).toEqual(["third"]);
  buffers.giveBack(second as Buffer);
  expect(await fourth).toBe(second as Buffer);
  expect(order).toEqual(["third", "fourth"]);
  expect(buffers.lentCount).toBe(2);
});

test("a buffer handed back with nobody waiting is the next one lent: no new memory per download", () => {
  const buffers = new SendBuffers(1024, 2);
  const first = buffers.take() as Buffer;
  buffers.giveBack(first);
  expect(buffers.lentCount).toBe(0);
  expect(buffers.take()).toBe(first);
});

test("a buffer that leaves the pool gives its place to the next in line, with a buffer of its own", async () => {
  const buffers = new SendBuffers(1024, 1);
  const stuck = buffers.take() as Buffer;
  const waiting = Promise.resolve(buffers.take());
  buffers.leave();
  const next = await waiting;
  expect(next).not.toBe(stuck);
  expect(next.length).toBe(1024);
  expect(buffers.lentCount).toBe(1);

  // Nobody waiting: its place is simply free again, and the buffer that left is never lent.
  buffers.leave();
  expect(buffers.lentCount).toBe(0);
  const after = buffers.take() as Buffer;
  expect(after).not.toBe(stuck);
  expect(after).not.toBe(next);
});
