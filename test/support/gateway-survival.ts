import type { RunningGateway } from './gateway-app';
import {
  spyOnUnhandledRejections,
  type UnhandledRejectionSpy,
} from './unhandled-rejections';

/**
 * Checks after every test of the calling suite that the gateway still answers /health and
 * that no promise rejection went unhandled meanwhile.
 */
export function expectGatewayToSurviveEachTest(
  gateway: () => RunningGateway,
): void {
  let rejections: UnhandledRejectionSpy;

  beforeEach(() => {
    rejections = spyOnUnhandledRejections();
  });

  afterEach(async () => {
    try {
      const health = await fetch(`${gateway().url}/health`);
      expect(health.status).toBe(200);
      expect(rejections.spy).not.toHaveBeenCalled();
    } finally {
      rejections.restore();
    }
  });
}
