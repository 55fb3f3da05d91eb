import { startTransition, useEffect, useState } from 'react';

/**
 * Runs `fn` once the browser has painted the next frame (a task queued from that frame's callbacks
 * runs after its style, layout and paint). Answers a function that cancels it.
 */
export function afterNextPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * `value` as it was when the last frame was painted: a change reaches what renders from it only after
 * the frame showing the change itself (a new highlight) is on screen, so the side panels' work never
 * holds that frame up. A render the change causes meanwhile finds the old value and stops early.
 */
export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(() => value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return afterNextPaint(() => startTransition(() => setShown(() => value)));
  }, [value, shown]);
  return shown;
}
