/**
 * Ingenico: NOT FINISHED, `readiness.ready` is false.
 *
 * Ingenico's current ways to drive its terminals from a point of sale are
 * - the on-terminal Android SDK (https://developer.ingenico.com/files/javadoc/apimanagement.html):
 *   an app installed on the terminal, unlocked by an initial token issued once a partnership
 *   agreement is signed; not a server API;
 * - PPaaS, its payment platform (https://docs.nar.ppaas.com/getting-started/integrate-with-ppaas),
 *   whose POS-to-terminal endpoint speaks nexo Retailer; access, credentials and the endpoint
 *   reference come with partner onboarding by its enablement team.
 * Neither publishes a cloud protocol (requests, answers, authentication) that an adapter and a
 * fake could follow, so there is nothing honest to write yet, and no credentials shape to accept.
 */
import { ProviderCredentialsError } from './terminal-provider';
import { unavailableProvider } from './unavailable-provider';

export const INGENICO_NOT_READY_REASON =
  'Ingenico publishes no cloud terminal API: its terminals are driven by an on-terminal SDK or ' +
  'through its PPaaS platform, both available only after a partnership agreement and onboarding.';

export function createIngenicoProvider() {
  return unavailableProvider<never>({
    name: 'ingenico',
    documentation: 'https://developer.ingenico.com/files/javadoc/apimanagement.html',
    reason: INGENICO_NOT_READY_REASON,
    parseCredentials: () => {
      throw new ProviderCredentialsError(
        'provider',
        `Ingenico cannot be configured: ${INGENICO_NOT_READY_REASON}`,
      );
    },
  });
}
