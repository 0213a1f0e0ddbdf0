import type { MenuItemFields } from './entities/menu-item.entity';

const COOKING = [
  { code: 'rare', name: 'Saignant', priceCents: 0 },
  { code: 'medium_rare', name: 'À point-saignant', priceCents: 0 },
  { code: 'medium', name: 'À point', priceCents: 0 },
  { code: 'well_done', name: 'Bien cuit', priceCents: 0 },
];

/**
 * The demo restaurant's menu: a Paris brasserie. `burger_1` and `fries_regular` are the spec's
 * own examples; food and soft drinks carry 10 % VAT, alcohol 20 %.
 */
export const DEMO_MENU: MenuItemFields[] = [
  {
    code: 'oeuf_mayo',
    name: 'Œuf mayonnaise',
    category: 'entrees',
    priceCents: 650,
    station: 'cold',
  },
  {
    code: 'soupe_oignon',
    name: "Soupe à l'oignon gratinée",
    category: 'entrees',
    priceCents: 950,
    station: 'grill',
    modifiers: [{ code: 'no_cheese', name: 'Sans fromage', priceCents: 0 }],
  },
  {
    code: 'salade_cesar',
    name: 'Salade César',
    category: 'entrees',
    priceCents: 1300,
    station: 'cold',
    modifiers: [
      { code: 'no_croutons', name: 'Sans croûtons', priceCents: 0 },
      { code: 'extra_chicken', name: 'Supplément poulet', priceCents: 300 },
    ],
  },
  {
    code: 'burger_1',
    name: 'Burger Classique',
    description: 'Bœuf haché, cheddar, oignons, sauce maison',
    category: 'plats',
    priceCents: 1250,
    station: 'grill',
    modifiers: [
      { code: 'no_onions', name: 'Sans oignons', priceCents: 0 },
      ...COOKING,
      { code: 'no_cheese', name: 'Sans fromage', priceCents: 0 },
      { code: 'extra_cheese', name: 'Supplément fromage', priceCents: 150 },
      { code: 'gluten_free_bun', name: 'Pain sans gluten', priceCents: 200 },
    ],
  },
  {
    code: 'steak_frites',
    name: 'Entrecôte frites',
    category: 'plats',
    priceCents: 2400,
    station: 'grill',
    modifiers: [
      ...COOKING,
      { code: 'sauce_poivre', name: 'Sauce au poivre', priceCents: 200 },
      { code: 'sauce_bearnaise', name: 'Sauce béarnaise', priceCents: 200 },
    ],
  },
  {
    code: 'confit_canard',
    name: 'Confit de canard, pommes sarladaises',
    category: 'plats',
    priceCents: 1950,
    station: 'grill',
  },
  {
    code: 'moules_frites',
    name: 'Moules marinières, frites',
    category: 'plats',
    priceCents: 1750,
    station: 'grill',
  },
  {
    code: 'croque_monsieur',
    name: 'Croque-monsieur',
    category: 'plats',
    priceCents: 1100,
    station: 'grill',
    modifiers: [{ code: 'add_egg', name: 'Œuf au plat (croque-madame)', priceCents: 150 }],
  },
  {
    code: 'fries_regular',
    name: 'Frites Maison',
    category: 'accompagnements',
    priceCents: 450,
    station: 'fryer',
    modifiers: [
      { code: 'no_salt', name: 'Sans sel', priceCents: 0 },
      { code: 'extra_large', name: 'Grande portion', priceCents: 150 },
    ],
  },
  {
    code: 'salade_verte',
    name: 'Salade verte',
    category: 'accompagnements',
    priceCents: 400,
    station: 'cold',
  },
  {
    code: 'creme_brulee',
    name: 'Crème brûlée',
    category: 'desserts',
    priceCents: 750,
    station: 'pastry',
  },
  {
    code: 'tarte_tatin',
    name: 'Tarte Tatin',
    category: 'desserts',
    priceCents: 800,
    station: 'pastry',
    modifiers: [{ code: 'with_cream', name: 'Crème fraîche', priceCents: 100 }],
  },
  {
    code: 'mousse_chocolat',
    name: 'Mousse au chocolat',
    category: 'desserts',
    priceCents: 700,
    station: 'pastry',
  },
  { code: 'cafe', name: 'Café', category: 'boissons', priceCents: 220, station: 'bar' },
  {
    code: 'eau_minerale',
    name: 'Eau minérale 50 cl',
    category: 'boissons',
    priceCents: 400,
    station: 'bar',
  },
  {
    code: 'verre_bordeaux',
    name: 'Verre de Bordeaux',
    category: 'vins',
    priceCents: 650,
    taxRateBasisPoints: 2000,
    station: 'bar',
  },
  {
    code: 'demi_pression',
    name: 'Demi pression',
    category: 'boissons',
    priceCents: 480,
    taxRateBasisPoints: 2000,
    station: 'bar',
  },
  {
    code: 'pichet_cotes_rhone',
    name: 'Pichet de Côtes-du-Rhône 50 cl',
    category: 'vins',
    priceCents: 1800,
    taxRateBasisPoints: 2000,
    station: 'bar',
  },
];
