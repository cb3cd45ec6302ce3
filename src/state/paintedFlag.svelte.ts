// A flag that turns true a frame after a condition first holds, for views built in stages
// (see frames.ts): the part behind the flag is built and rendered in a later frame than the
// rest. Create it while a component initialises; it stays true once set.
import { afterNextPaint } from './frames';

export function paintedFlag(when: () => boolean = () => true): { readonly ready: boolean } {
  let ready = $state(false);
  $effect(() => {
    if (ready || !when()) return;
    return afterNextPaint(() => (ready = true));
  });
  return {
    get ready() {
      return ready;
    },
  };
}
