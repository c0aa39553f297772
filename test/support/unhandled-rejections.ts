import { runInThisContext } from 'node:vm';

export interface UnhandledRejectionSpy {
  /** Called with (reason, promise) for every rejection nobody handled. */
  spy: jest.Mock;
  restore(): void;
}

/**
 * Spies on the process's unhandled rejections. Jest gives each test file a copy of
 * `process` whose events Node never emits, so the listener goes on the real one.
 */
export function spyOnUnhandledRejections(): UnhandledRejectionSpy {
  const real = runInThisContext('process') as NodeJS.Process;
  const spy = jest.fn();
  real.on('unhandledRejection', spy);
  return {
    spy,
    restore: () => {
      real.off('unhandledRejection', spy);
    },
  };
}
