// The load run's shared timeouts on a fake clock: each expires at its own time in the order started, a cancelled
// one never fires and does not delay the next, one timer at most is pending, and stop() leaves none.
import { describe, expect, it } from 'vitest';
import { TimeoutQueue } from '../../../electron/engine/load/timeout-queue';
import { createFakeClock } from '../../integration/sandbox/openmessaging-harness';

describe('timeout queue', () => {
  it('expires each timeout at its own time, on one timer', () => {
    const clock = createFakeClock(0);
    const queue = new TimeoutQueue(clock, 1000);
    const fired: string[] = [];
    queue.start(() => fired.push(`a@${clock.now()}`));
    clock.advance(300);
    const b = queue.start(() => fired.push(`b@${clock.now()}`));
    clock.advance(200);
    queue.start(() => fired.push(`c@${clock.now()}`));
    expect(clock.pendingTimers()).toBe(1);
    b.expire = undefined;
    clock.advance(10_000);
    expect(fired).toEqual(['a@1000', 'c@1500']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a cancelled oldest timeout does not delay the next one', () => {
    const clock = createFakeClock(0);
    const queue = new TimeoutQueue(clock, 1000);
    const fired: number[] = [];
    const first = queue.start(() => fired.push(-1));
    clock.advance(900);
    first.expire = undefined;
    queue.start(() => fired.push(clock.now()));
    clock.advance(999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([1900]);
  });

  it('a timeout started while others expire waits its whole length', () => {
    const clock = createFakeClock(0);
    const queue = new TimeoutQueue(clock, 1000);
    const fired: string[] = [];
    queue.start(() => queue.start(() => fired.push(`again@${clock.now()}`)));
    clock.advance(100);
    queue.start(() => fired.push(`second@${clock.now()}`));
    clock.advance(5000);
    expect(fired).toEqual(['second@1100', 'again@2000']);
  });

  it('stop() cancels every timeout and leaves no timer', () => {
    const clock = createFakeClock(0);
    const queue = new TimeoutQueue(clock, 1000);
    const fired: number[] = [];
    for (let i = 0; i < 3000; i += 1) {
      queue.start(() => fired.push(i)).expire = undefined;
      clock.advance(1);
    }
    queue.start(() => fired.push(-1));
    queue.stop();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(5000);
    expect(fired).toEqual([]);
  });
});
