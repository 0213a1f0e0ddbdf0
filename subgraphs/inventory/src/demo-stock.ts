import type { Unit } from './entities/inventory-item.entity';

export interface DemoStockItem {
  sku: string;
  name: string;
  unit: Unit;
  quantity: number;
  lowStockThreshold: number;
}

/** The demo brasserie's stock on a morning, before service. */
export const DEMO_STOCK: DemoStockItem[] = [
  {
    sku: 'beef_patty',
    name: 'Steak haché 150 g',
    unit: 'unit',
    quantity: 40,
    lowStockThreshold: 10,
  },
  { sku: 'burger_bun', name: 'Pain à burger', unit: 'unit', quantity: 40, lowStockThreshold: 10 },
  { sku: 'cheddar', name: 'Cheddar', unit: 'g', quantity: 2000, lowStockThreshold: 400 },
  { sku: 'gruyere', name: 'Gruyère râpé', unit: 'g', quantity: 3000, lowStockThreshold: 500 },
  { sku: 'parmesan', name: 'Parmesan', unit: 'g', quantity: 1000, lowStockThreshold: 200 },
  { sku: 'onion', name: 'Oignons', unit: 'kg', quantity: 10, lowStockThreshold: 2 },
  { sku: 'potato', name: 'Pommes de terre', unit: 'kg', quantity: 40, lowStockThreshold: 8 },
  { sku: 'egg', name: 'Œufs', unit: 'unit', quantity: 180, lowStockThreshold: 30 },
  { sku: 'mayonnaise', name: 'Mayonnaise maison', unit: 'kg', quantity: 2, lowStockThreshold: 0.5 },
  { sku: 'baguette', name: 'Baguette', unit: 'unit', quantity: 20, lowStockThreshold: 4 },
  { sku: 'romaine', name: 'Laitue romaine', unit: 'unit', quantity: 20, lowStockThreshold: 5 },
  { sku: 'chicken_breast', name: 'Filet de poulet', unit: 'kg', quantity: 5, lowStockThreshold: 1 },
  { sku: 'croutons', name: 'Croûtons', unit: 'kg', quantity: 1, lowStockThreshold: 0.2 },
  { sku: 'entrecote', name: 'Entrecôte 300 g', unit: 'unit', quantity: 20, lowStockThreshold: 5 },
  {
    sku: 'duck_confit',
    name: 'Cuisse de canard confite',
    unit: 'unit',
    quantity: 20,
    lowStockThreshold: 5,
  },
  { sku: 'mussels', name: 'Moules de bouchot', unit: 'kg', quantity: 15, lowStockThreshold: 3 },
  { sku: 'white_wine', name: 'Vin blanc de cuisine', unit: 'l', quantity: 6, lowStockThreshold: 1 },
  { sku: 'ham', name: 'Jambon blanc', unit: 'kg', quantity: 3, lowStockThreshold: 0.5 },
  {
    sku: 'sandwich_bread',
    name: 'Pain de mie (tranche)',
    unit: 'unit',
    quantity: 80,
    lowStockThreshold: 16,
  },
  { sku: 'butter', name: 'Beurre', unit: 'kg', quantity: 4, lowStockThreshold: 1 },
  { sku: 'cream', name: 'Crème liquide', unit: 'l', quantity: 6, lowStockThreshold: 1 },
  { sku: 'sugar', name: 'Sucre', unit: 'kg', quantity: 5, lowStockThreshold: 1 },
  { sku: 'apple', name: 'Pommes golden', unit: 'kg', quantity: 10, lowStockThreshold: 2 },
  {
    sku: 'puff_pastry',
    name: 'Pâte feuilletée (abaisse)',
    unit: 'unit',
    quantity: 6,
    lowStockThreshold: 1,
  },
  {
    sku: 'dark_chocolate',
    name: 'Chocolat noir 70 %',
    unit: 'kg',
    quantity: 3,
    lowStockThreshold: 0.5,
  },
  { sku: 'mixed_salad', name: 'Mesclun', unit: 'kg', quantity: 3, lowStockThreshold: 0.5 },
  { sku: 'coffee', name: 'Café en grains', unit: 'kg', quantity: 5, lowStockThreshold: 1 },
  {
    sku: 'mineral_water',
    name: 'Eau minérale 50 cl',
    unit: 'unit',
    quantity: 48,
    lowStockThreshold: 12,
  },
  { sku: 'bordeaux', name: 'Bordeaux rouge', unit: 'l', quantity: 18, lowStockThreshold: 3 },
  { sku: 'draught_beer', name: 'Bière pression', unit: 'l', quantity: 50, lowStockThreshold: 10 },
  { sku: 'cotes_du_rhone', name: 'Côtes-du-Rhône', unit: 'l', quantity: 24, lowStockThreshold: 4 },
];

/**
 * What one portion of each item of the demo menu takes from stock, by menu item code then sku.
 * Every item of the demo menu has a recipe (a test checks it against the menu).
 */
export const DEMO_RECIPES: Record<string, Record<string, number>> = {
  oeuf_mayo: { egg: 2, mayonnaise: 0.04 },
  soupe_oignon: { onion: 0.2, gruyere: 40, baguette: 0.25 },
  salade_cesar: { romaine: 1, chicken_breast: 0.12, parmesan: 20, croutons: 0.03 },
  burger_1: { beef_patty: 1, burger_bun: 1, cheddar: 30, onion: 0.02 },
  steak_frites: { entrecote: 1, potato: 0.25, butter: 0.01 },
  confit_canard: { duck_confit: 1, potato: 0.2 },
  moules_frites: { mussels: 0.5, white_wine: 0.05, potato: 0.25 },
  croque_monsieur: { sandwich_bread: 2, ham: 0.06, gruyere: 40, butter: 0.01 },
  fries_regular: { potato: 0.25 },
  salade_verte: { mixed_salad: 0.08 },
  creme_brulee: { cream: 0.12, egg: 1, sugar: 0.03 },
  tarte_tatin: { apple: 0.2, puff_pastry: 0.125, butter: 0.02, sugar: 0.03 },
  mousse_chocolat: { dark_chocolate: 0.05, egg: 1 },
  cafe: { coffee: 0.008 },
  eau_minerale: { mineral_water: 1 },
  verre_bordeaux: { bordeaux: 0.125 },
  demi_pression: { draught_beer: 0.25 },
  pichet_cotes_rhone: { cotes_du_rhone: 0.5 },
};
