import { startTransition, useEffect, useState } from 'react';
import type { StoreApi } from 'zustand';

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
 * `select(store's state)` as it was when the last frame was painted. The component subscribes to the
 * store itself, not through a render, so a change (a new highlight) causes no render of it at all until
 * the frame showing the change is on screen; then one low-priority render follows, if the selected
 * value changed. The side panels' work never holds that frame up. `select` must be stable (declared
 * outside the component).
 */
export function useStoreAfterPaint<S, T>(store: Pick<StoreApi<S>, 'getState' | 'subscribe'>, select: (state: S) => T): T {
  const [shown, setShown] = useState(() => select(store.getState()));
  useEffect(() => {
    let pending: (() => void) | null = null;
    const take = (): void => {
      pending = null;
      const next = select(store.getState());
      startTransition(() => setShown(() => next));
    };
    const unsubscribe = store.subscribe(() => {
      pending ??= afterNextPaint(take);
    });
    // A change between the first render and this effect.
    take();
    return () => {
      unsubscribe();
      pending?.();
    };
  }, [store, select]);
  return shown;
}
