import type { PaymentMethodState } from '../payments.service';
import type { TerminalProviderState } from '../provider-accounts';

/** `paymentMethods`: the methods and the providers, as the service lists them. */
export interface PaymentMethodsModel {
  methods: PaymentMethodState[];
  providers: TerminalProviderState[];
}
