import type { MenuBridge } from '../../shared/api/contract.ts';

declare global {
  interface Window {
    /** Exposed by the desktop preload for the application menu; absent over the loopback bridge. */
    clausemarkMenu?: MenuBridge;
  }
}
