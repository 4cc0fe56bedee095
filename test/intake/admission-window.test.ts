// The intake's admission window (#15): at most `places` denials started and not yet opened; it widens while
// the worker opens starts well within the target, narrows when they take longer, and a narrower window
// gives places up as starts leave instead of handing them on.
import { describe, expect, it } from 'vitest';
import { AdmissionWindow } from '../../client/ingest/admission-window';

const settings = { window: 4, targetOpenMs: 600, maxWindow: 6 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const report = (w: AdmissionWindow, ms: number, times = 16) => {
  for (let i = 0; i < times; i++) w.opened(ms);
};

describe('admission window', () => {
  it('lets `places` in and holds the next until one leaves', async () => {
    const w = new AdmissionWindow(settings);
    const leaves = await Promise.all([1, 2, 3, 4].map(() => w.enter()));
    let fifth = false;
    const waiting = w.enter().then((leave) => ((fifth = true), leave));
    await settle();
    expect(fifth).toBe(false);
    leaves[0]!();
    leaves[0]!(); // leaving twice frees one place only
    (await waiting)();
    expect(fifth).toBe(true);
  });

  it('widens one at a time while 9 in 10 open within 3/4 of the target, up to the ceiling; lets the waiting in at once', async () => {
    const w = new AdmissionWindow(settings);
    await Promise.all([1, 2, 3, 4].map(() => w.enter()));
    let fifth = false;
    void w.enter().then(() => (fifth = true));
    report(w, 15, 15);
    expect(w.places).toBe(4); // not before 16 reports
    report(w, 15, 1);
    expect(w.places).toBe(5);
    await settle();
    expect(fifth).toBe(true);
    report(w, 300, 32);
    expect(w.places).toBe(6);
    report(w, 300, 16);
    expect(w.places).toBe(6);
    // Between 3/4 of the target and the target: it stays.
    report(w, 500);
    expect(w.places).toBe(6);
  });

  it('narrows by a quarter when the 90th percentile is over the target, and gives places up as starts leave', async () => {
    const w = new AdmissionWindow(settings);
    const leaves = await Promise.all([1, 2, 3, 4].map(() => w.enter()));
    let fifth = false;
    void w.enter().then(() => (fifth = true));
    report(w, 100, 15);
    report(w, 900, 1); // the 90th percentile of 16 is the 15th fastest: still fast
    expect(w.places).toBe(5);
    await settle();
    expect(fifth).toBe(true);
    report(w, 900, 16);
    expect(w.places).toBe(3);
    let sixth = false;
    void w.enter().then(() => (sixth = true));
    leaves[0]!();
    leaves[1]!();
    await settle();
    expect(sixth).toBe(false); // 5 inside, 3 places: two leave, still 3 inside
    leaves[2]!();
    await settle();
    expect(sixth).toBe(true);
  });
});
