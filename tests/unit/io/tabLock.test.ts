// Two tabs of one profile: the first saves, the second is told and saves
// nothing until it takes over; the first then finishes its save and stops.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROJECT_CHANNEL, PROJECT_LOCK, TabLock } from '../../../src/io/tabLock';
import type { Grant } from '../../../src/io/tabLock';
import { FakeChannels, FakeLocks } from './fakeTabs';

const settle = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

function tab(locks: FakeLocks | undefined, channels: FakeChannels | null, handOverDelay = 0) {
  const log: string[] = [];
  const grants: Grant[] = [];
  const lock = new TabLock({
    locks,
    channel: channels?.channel(PROJECT_CHANNEL),
    handoverTimeoutMs: 200,
    events: {
      granted: (reason) => {
        grants.push(reason);
        log.push(`granted:${reason}`);
      },
      handOver: async () => {
        log.push('handOver:start');
        await settle(handOverDelay);
        log.push('handOver:end');
      },
      lost: () => log.push('lost'),
    },
  });
  return { lock, log, grants };
}

const opened: TabLock[] = [];
afterEach(() => {
  for (const lock of opened.splice(0)) lock.dispose();
});

function open(...args: Parameters<typeof tab>) {
  const made = tab(...args);
  opened.push(made.lock);
  return made;
}

/**
 * Two tabs of one profile, both started: the first holds the lock and the second waits.
 * Without a channel the tabs cannot talk; the first tab's hand-over lasts `handOverDelay` ms.
 */
async function twoStartedTabs(channel: boolean, handOverDelay = 0) {
  const locks = new FakeLocks();
  const channels = channel ? new FakeChannels() : null;
  const first = open(locks, channels, handOverDelay);
  const second = open(locks, channels);
  await first.lock.start();
  await second.lock.start();
  return { locks, channels, first, second };
}

describe('TabLock', () => {
  it('lets the first tab save and tells the second that another tab saves', async () => {
    const locks = new FakeLocks();
    const channels = new FakeChannels();
    const first = open(locks, channels);
    const second = open(locks, channels);
    expect(await first.lock.start()).toBe(true);
    expect(await second.lock.start()).toBe(false);
    expect(first.lock.held).toBe(true);
    expect(second.lock.held).toBe(false);
    expect(locks.isHeld(PROJECT_LOCK)).toBe(true);
  });

  it('hands over on request: the saving tab finishes first, then the other holds the lock', async () => {
    const { first, second } = await twoStartedTabs(true, 30);
    await second.lock.takeOver();
    expect(second.lock.held).toBe(true);
    expect(second.grants).toEqual(['takeover']);
    expect(first.lock.held).toBe(false);
    // The first tab's last save ended before it let go.
    expect(first.log).toEqual(['handOver:start', 'handOver:end', 'lost']);
  });

  it('steals the lock when the saving tab does not answer (no channel between them)', async () => {
    const { first, second } = await twoStartedTabs(false);
    await second.lock.takeOver();
    await settle();
    expect(second.lock.held).toBe(true);
    expect(second.grants).toEqual(['takeover']);
    expect(first.log).toEqual(['lost']);
    expect(first.lock.held).toBe(false);
  });

  it('steals after the timeout when the saving tab is frozen', async () => {
    vi.useFakeTimers();
    try {
      // The first tab's hand-over never ends in time.
      const { first, second } = await twoStartedTabs(true, 60_000);
      const takeOver = second.lock.takeOver();
      await vi.advanceTimersByTimeAsync(250);
      await takeOver;
      expect(second.lock.held).toBe(true);
      expect(first.log).toContain('lost');
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives the lock to the waiting tab when the saving tab closes', async () => {
    const { first, second } = await twoStartedTabs(true);
    first.lock.dispose();
    await settle();
    expect(second.lock.held).toBe(true);
    expect(second.grants).toEqual(['freed']);
  });

  it('a tab that handed over gets the lock back when the new owner closes', async () => {
    const { first, second } = await twoStartedTabs(true);
    await second.lock.takeOver();
    second.lock.dispose();
    await settle();
    expect(first.lock.held).toBe(true);
    expect(first.grants).toEqual(['freed']);
  });

  it('a hidden tab does not wait in line: reloading the saving tab keeps saving there', async () => {
    const { locks, channels, first, second: background } = await twoStartedTabs(true);
    background.lock.setVisible(false);
    first.lock.dispose(); // the saving tab reloads...
    await settle();
    expect(background.lock.held).toBe(false);
    const reloaded = open(locks, channels);
    expect(await reloaded.lock.start()).toBe(true); // ...and saves again after the reload
    reloaded.lock.dispose(); // closed for good; the other tab is shown again
    background.lock.setVisible(true);
    await settle();
    expect(background.lock.held).toBe(true);
    expect(background.grants).toEqual(['freed']);
  });

  it('saves alone where the browser has no Web Locks', async () => {
    const only = open(undefined, null);
    expect(await only.lock.start()).toBe(true);
  });
});
