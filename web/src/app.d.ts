import type { CanopyClient } from '@canopy/client';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** Shown to the user so a support request can be matched with the server log. */
      errorId?: string;
    }
    interface Locals {
      /** The signed-in member, or null for an anonymous request. */
      user: { id: string; name: string; email: string | null } | null;
      /** The API as the signed-in member (anonymous when nobody is signed in). */
      api: CanopyClient;
    }
  }
}

export {};
