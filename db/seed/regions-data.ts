/** Inner Mongolia and its 12 league-cities, GB/T 2260 codes. */
export const provinceRegion = {
  code: "150000",
  nameZh: "内蒙古自治区",
  nameEn: "Inner Mongolia Autonomous Region",
} as const;

export const leagueCities = [
  { code: "150100", nameZh: "呼和浩特市", nameEn: "Hohhot" },
  { code: "150200", nameZh: "包头市", nameEn: "Baotou" },
  { code: "150300", nameZh: "乌海市", nameEn: "Wuhai" },
  { code: "150400", nameZh: "赤峰市", nameEn: "Chifeng" },
  { code: "150500", nameZh: "通辽市", nameEn: "Tongliao" },
  { code: "150600", nameZh: "鄂尔多斯市", nameEn: "Ordos" },
  { code: "150700", nameZh: "呼伦贝尔市", nameEn: "Hulunbuir" },
  { code: "150800", nameZh: "巴彦淖尔市", nameEn: "Bayannur" },
  { code: "150900", nameZh: "乌兰察布市", nameEn: "Ulanqab" },
  { code: "152200", nameZh: "兴安盟", nameEn: "Hinggan League" },
  { code: "152500", nameZh: "锡林郭勒盟", nameEn: "Xilingol League" },
  { code: "152900", nameZh: "阿拉善盟", nameEn: "Alxa League" },
] as const;

/**
 * How briskly each bureau works through its measures in the demo history (1 = on schedule).
 * Chosen so the dashboard has leaders and laggards; not a judgement of any real bureau.
 */
export const demoPace: Record<string, number> = {
  "150100": 1.08,
  "150200": 1.0,
  "150300": 0.8,
  "150400": 0.95,
  "150500": 0.9,
  "150600": 1.12,
  "150700": 1.04,
  "150800": 0.86,
  "150900": 0.93,
  "152200": 0.97,
  "152500": 1.02,
  "152900": 0.78,
};
