import { taxOn } from '../../../platform/src/money';

export interface PricedLine {
  quantity: number;
  unitPriceCents: number;
  taxRateBasisPoints: number;
  cancelled: boolean;
}

export interface OrderTotals {
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

/**
 * Totals of an order in integer cents. Lines are summed per VAT rate and the tax of each rate
 * is rounded once, half away from zero, as a French receipt shows VAT per rate; cancelled lines
 * count for nothing. Prices exclude tax, so total = subtotal + tax.
 */
export function priceOrder(lines: readonly PricedLine[]): OrderTotals {
  const netByRate = new Map<number, number>();
  for (const line of lines) {
    if (line.cancelled) continue;
    const net = line.quantity * line.unitPriceCents;
    netByRate.set(line.taxRateBasisPoints, (netByRate.get(line.taxRateBasisPoints) ?? 0) + net);
  }
  let subtotalCents = 0;
  let taxCents = 0;
  for (const [rate, net] of netByRate) {
    subtotalCents += net;
    taxCents += taxOn(net, rate);
  }
  if (!Number.isSafeInteger(subtotalCents + taxCents))
    throw new RangeError('order total too large');
  return { subtotalCents, taxCents, totalCents: subtotalCents + taxCents };
}
