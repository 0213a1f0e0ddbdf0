import type DataLoader from 'dataloader';
import type { TenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { Payment } from './entities/payment.entity';
import type { Refund } from './entities/refund.entity';
import type { PaymentsService } from './payments.service';
import type { ProviderAccounts } from './provider-accounts';

export interface PaymentsServices {
  payments: PaymentsService;
  providerAccounts: ProviderAccounts;
  /** Batches payment lookups: one query per gateway fetch. */
  paymentById: DataLoader<string, Payment | null>;
  /** Batches `Order.payments` and `Order.amountDue`: one query for every order of a fetch. */
  paymentsByOrder: DataLoader<string, Payment[]>;
  /** Batches `Payment.refunds`. */
  refundsByPayment: DataLoader<string, Refund[]>;
}

export type PaymentsContext = TenantRequestContext<PaymentsServices>;
