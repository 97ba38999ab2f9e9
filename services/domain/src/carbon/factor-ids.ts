// Every DESNZ row Canopy reads, by its flat-file ID. The IDs are stable across
// editions (same ID = same activity, unit and column), so one table serves
// 2024, 2025 and 2026; scripts/extract-factors.ts extracts exactly these rows.

export const ELECTRICITY_IDS = {
  /** UK electricity, electricity generated, kWh (Scope 2). */
  generation: '7_400_4000_5_1',
  /** Transmission and distribution losses, UK electricity, kWh (Scope 3). */
  transmissionDistribution: '13_402_4000_5_1',
} as const;

export const FUEL_IDS = {
  /** Natural gas, kWh (Gross CV): UK meters and bills report gross calorific value. */
  naturalGasKwhGross: '1_100_1004_6_1',
  naturalGasM3: '1_100_1004_1_1',
  /** Burning oil (kerosene, 28-second oil): the usual UK domestic heating oil. */
  burningOilLitres: '1_101_1010_8_1',
  lpgLitres: '1_100_1003_8_1',
} as const;

export const HEAT_IDS = {
  /** District heat and steam, kWh (Scope 2). */
  districtHeat: '10_401_4003_5_1',
  /** Distribution losses of district heat and steam (5% loss), kWh (Scope 3). */
  districtHeatDistribution: '13_403_4004_5_1',
} as const;

/** Business travel- land, Cars (by size), per vehicle km. */
export const CAR_IDS = {
  small: {
    diesel: '25_301_3045_4_1',
    petrol: '25_301_3046_4_1',
    hybrid: '25_301_3047_4_1',
    unknown: '25_301_3050_4_1',
    plugin_hybrid: '25_301_3051_4_1',
    bev: '25_301_3052_4_1',
  },
  medium: {
    diesel: '25_301_3053_4_1',
    petrol: '25_301_3054_4_1',
    hybrid: '25_301_3055_4_1',
    unknown: '25_301_3058_4_1',
    plugin_hybrid: '25_301_3059_4_1',
    bev: '25_301_3060_4_1',
  },
  large: {
    diesel: '25_301_3061_4_1',
    petrol: '25_301_3062_4_1',
    hybrid: '25_301_3063_4_1',
    unknown: '25_301_3066_4_1',
    plugin_hybrid: '25_301_3067_4_1',
    bev: '25_301_3068_4_1',
  },
  average: {
    diesel: '25_301_3069_4_1',
    petrol: '25_301_3070_4_1',
    hybrid: '25_301_3071_4_1',
    unknown: '25_301_3074_4_1',
    plugin_hybrid: '25_301_3075_4_1',
    bev: '25_301_3076_4_1',
  },
} as const;

export const LAND_IDS = {
  /** Motorbike, average, per km. */
  motorbike: '25_302_3080_4_1',
  /** Regular taxi, per passenger km. */
  taxi: '25_313_3141_11_1',
  /** Average local bus, per passenger km. */
  busLocal: '25_314_3145_11_1',
  busCoach: '25_314_3146_11_1',
  railNational: '25_315_3147_11_1',
  railInternational: '25_315_3148_11_1',
  railLight: '25_315_3149_11_1',
  railUnderground: '25_315_3150_11_1',
} as const;

export const FERRY_IDS = {
  foot: '23_318_3188_11_1',
  car: '23_318_3189_11_1',
} as const;

/**
 * Business travel- air, per passenger km, [with RF, without RF]. DESNZ
 * publishes only "average passenger" for domestic flights and no premium
 * economy or first class for short-haul; those cells are absent here.
 */
export const FLIGHT_IDS = {
  domestic: {
    average: ['21_316_3160_11_1', '21_316_3161_11_1'],
  },
  short: {
    average: ['21_316_3162_11_1', '21_316_3163_11_1'],
    economy: ['21_316_3164_11_1', '21_316_3165_11_1'],
    business: ['21_316_3166_11_1', '21_316_3167_11_1'],
  },
  long: {
    average: ['21_316_3168_11_1', '21_316_3169_11_1'],
    economy: ['21_316_3170_11_1', '21_316_3171_11_1'],
    premium_economy: ['21_316_3172_11_1', '21_316_3173_11_1'],
    business: ['21_316_3174_11_1', '21_316_3175_11_1'],
    first: ['21_316_3176_11_1', '21_316_3177_11_1'],
  },
  international: {
    average: ['21_316_3178_11_1', '21_316_3179_11_1'],
    economy: ['21_316_3180_11_1', '21_316_3181_11_1'],
    premium_economy: ['21_316_3182_11_1', '21_316_3183_11_1'],
    business: ['21_316_3184_11_1', '21_316_3185_11_1'],
    first: ['21_316_3186_11_1', '21_316_3187_11_1'],
  },
} as const;

/**
 * Hotel stay, per room night, keyed by ISO 3166-1 alpha-2 code (GB-LND is
 * the ISO 3166-2 code for London, which DESNZ lists separately). Some
 * countries have an ID but no value in a given edition; the estimator
 * reports that as an error rather than guessing.
 */
export const HOTEL_IDS: Readonly<Record<string, string>> = {
  GB: '29_600_4000_13_1', // UK
  'GB-LND': '29_600_4001_13_1', // UK (London)
  AR: '29_600_4002_13_1', // Argentina
  AU: '29_600_4003_13_1', // Australia
  AT: '29_600_4004_13_1', // Austria
  BE: '29_600_4005_13_1', // Belgium
  BR: '29_600_4006_13_1', // Brazil
  CA: '29_600_4007_13_1', // Canada
  CL: '29_600_4008_13_1', // Chile
  CN: '29_600_4009_13_1', // China
  CO: '29_600_4010_13_1', // Colombia
  CR: '29_600_4011_13_1', // Costa Rica
  CZ: '29_600_4012_13_1', // Czech Republic
  EG: '29_600_4013_13_1', // Egypt
  FJ: '29_600_4014_13_1', // Fiji
  FI: '29_600_4015_13_1', // Finland
  FR: '29_600_4016_13_1', // France
  DE: '29_600_4017_13_1', // Germany
  GR: '29_600_4018_13_1', // Greece
  HK: '29_600_4019_13_1', // Hong Kong, China
  IN: '29_600_4020_13_1', // India
  ID: '29_600_4021_13_1', // Indonesia
  IE: '29_600_4022_13_1', // Ireland
  IL: '29_600_4023_13_1', // Israel
  IT: '29_600_4024_13_1', // Italy
  JP: '29_600_4025_13_1', // Japan
  JO: '29_600_4026_13_1', // Jordan
  KZ: '29_600_4027_13_1', // Kazakhstan
  KR: '29_600_4028_13_1', // Korea
  MO: '29_600_4029_13_1', // Macau, China
  MY: '29_600_4030_13_1', // Malaysia
  MV: '29_600_4031_13_1', // Maldives
  MX: '29_600_4032_13_1', // Mexico
  NL: '29_600_4033_13_1', // Netherlands
  NZ: '29_600_4034_13_1', // New Zealand
  OM: '29_600_4035_13_1', // Oman
  PA: '29_600_4036_13_1', // Panama
  PE: '29_600_4037_13_1', // Peru
  PH: '29_600_4038_13_1', // Philippines
  PL: '29_600_4039_13_1', // Poland
  PT: '29_600_4040_13_1', // Portugal
  QA: '29_600_4041_13_1', // Qatar
  RO: '29_600_4042_13_1', // Romania
  RU: '29_600_4043_13_1', // Russian Federation
  SA: '29_600_4044_13_1', // Saudi Arabia
  SG: '29_600_4045_13_1', // Singapore
  ZA: '29_600_4046_13_1', // South Africa
  ES: '29_600_4047_13_1', // Spain
  CH: '29_600_4048_13_1', // Switzerland
  TW: '29_600_4049_13_1', // Taiwan, China
  TH: '29_600_4050_13_1', // Thailand
  TR: '29_600_4051_13_1', // Turkey
  AE: '29_600_4052_13_1', // United Arab Emirates
  US: '29_600_4053_13_1', // United States
  VN: '29_600_4054_13_1', // Vietnam
};

/** Every row ID the engine may read; the extractor keeps exactly these. */
export function usedFactorIds(): string[] {
  const ids = new Set<string>([
    ...Object.values(ELECTRICITY_IDS),
    ...Object.values(FUEL_IDS),
    ...Object.values(HEAT_IDS),
    ...Object.values(LAND_IDS),
    ...Object.values(FERRY_IDS),
    ...Object.values(HOTEL_IDS),
  ]);
  for (const bySize of Object.values(CAR_IDS)) for (const id of Object.values(bySize)) ids.add(id);
  for (const byCabin of Object.values(FLIGHT_IDS)) {
    for (const pair of Object.values(byCabin)) for (const id of pair) ids.add(id);
  }
  return [...ids].sort();
}
