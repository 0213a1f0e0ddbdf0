/** An order as the gateway hands it to payments: its id, and its total when asked to. */
export interface OrderReference {
  id: string;
  total?: { cents: number; currency: string } | null;
}
