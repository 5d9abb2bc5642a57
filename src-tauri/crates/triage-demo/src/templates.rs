//! The product families the demo shop sells: data, read by `catalogue`.

use triage_core::Category::{self, *};

/// How a brand numbers its trade items: a GS1 company prefix, and whether its
/// barcodes are EAN-13 (GTIN-13) or UPC-A (GTIN-12). Item references are 5
/// digits either way.
pub struct Brand {
    pub name: &'static str,
    pub company_prefix: &'static str,
    /// Start of this brand's serial numbers (serialised electronics only).
    pub serial_prefix: &'static str,
}

pub const BRANDS: &[Brand] = &[
    Brand {
        name: "Maison Lumière",
        company_prefix: "3770014",
        serial_prefix: "",
    },
    Brand {
        name: "Northway",
        company_prefix: "5060321",
        serial_prefix: "",
    },
    Brand {
        name: "Atelier Sève",
        company_prefix: "3760187",
        serial_prefix: "",
    },
    Brand {
        name: "Kestrel & Co",
        company_prefix: "845221",
        serial_prefix: "",
    },
    Brand {
        name: "Pas de Loup",
        company_prefix: "3701129",
        serial_prefix: "",
    },
    Brand {
        name: "Stridewell",
        company_prefix: "850012",
        serial_prefix: "",
    },
    Brand {
        name: "Alpenlauf",
        company_prefix: "4260593",
        serial_prefix: "",
    },
    Brand {
        name: "Nimbus",
        company_prefix: "860003",
        serial_prefix: "NB",
    },
    Brand {
        name: "Orbix",
        company_prefix: "842917",
        serial_prefix: "OX",
    },
    Brand {
        name: "Sonaro",
        company_prefix: "4251066",
        serial_prefix: "SN",
    },
    Brand {
        name: "Voltaire",
        company_prefix: "3701540",
        serial_prefix: "VT",
    },
    Brand {
        name: "Herbe Douce",
        company_prefix: "3760312",
        serial_prefix: "",
    },
    Brand {
        name: "Marlowe & Finch",
        company_prefix: "5056217",
        serial_prefix: "",
    },
    Brand {
        name: "Clairière",
        company_prefix: "3770019",
        serial_prefix: "",
    },
    Brand {
        name: "Maison Ardoise",
        company_prefix: "3760098",
        serial_prefix: "",
    },
    Brand {
        name: "Hearth & Loom",
        company_prefix: "5060890",
        serial_prefix: "",
    },
    Brand {
        name: "Copperfield Kitchen",
        company_prefix: "810045",
        serial_prefix: "",
    },
    Brand {
        name: "Lin & Lune",
        company_prefix: "3700946",
        serial_prefix: "",
    },
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Serial {
    None,
    /// Phones: a 15-digit IMEI whose last digit is the Luhn check.
    Imei,
    /// Brand prefix + year + week + 6 letters/digits.
    Alphanumeric,
}

/// (code in the SKU, name in the description)
pub type Colour = (&'static str, &'static str);
/// (code in the SKU, words in the description, popularity)
pub type Option3 = (&'static str, &'static str, u32);

pub enum Axes {
    /// A size (with popularity) and a colour.
    Sized(&'static [Option3], &'static [Colour]),
    Colours(&'static [Colour]),
    /// A variant that changes the price (storage, RAM/SSD), and a colour; the
    /// number is extra euros.
    Priced(&'static [Option3], &'static [Colour]),
    Plain(&'static [Option3]),
}

pub struct Family {
    pub category: Category,
    pub code: &'static str,
    pub noun: &'static str,
    /// Indexes into [`BRANDS`].
    pub brands: &'static [usize],
    pub models: &'static [&'static str],
    pub euros: (u64, u64),
    pub axes: Axes,
    pub serial: Serial,
    /// How often it is sold (and so returned) within its category.
    pub weight: u32,
}

const BLK: Colour = ("BLK", "Black");
const WHT: Colour = ("WHT", "White");
const NVY: Colour = ("NVY", "Navy");
const GRY: Colour = ("GRY", "Heather grey");
const BEI: Colour = ("BEI", "Beige");
const OLV: Colour = ("OLV", "Olive");
const RED: Colour = ("RED", "Brick red");
const BLU: Colour = ("BLU", "Blue");
const PNK: Colour = ("PNK", "Blush pink");
const CML: Colour = ("CML", "Camel");
const ECR: Colour = ("ECR", "Ecru");
const GRA: Colour = ("GRA", "Graphite");
const SLV: Colour = ("SLV", "Silver");
const SAG: Colour = ("SAG", "Sage");
const TER: Colour = ("TER", "Terracotta");

const SIZES: &[Option3] = &[
    ("XS", "XS", 5),
    ("S", "S", 15),
    ("M", "M", 30),
    ("L", "L", 28),
    ("XL", "XL", 15),
    ("XXL", "XXL", 7),
];
const WAIST: &[Option3] = &[
    ("W28", "W28", 5),
    ("W30", "W30", 15),
    ("W31", "W31", 14),
    ("W32", "W32", 22),
    ("W33", "W33", 14),
    ("W34", "W34", 16),
    ("W36", "W36", 8),
];
const SHOE: &[Option3] = &[
    ("36", "EU 36", 3),
    ("37", "EU 37", 6),
    ("38", "EU 38", 9),
    ("39", "EU 39", 11),
    ("40", "EU 40", 12),
    ("41", "EU 41", 13),
    ("42", "EU 42", 13),
    ("43", "EU 43", 11),
    ("44", "EU 44", 9),
    ("45", "EU 45", 6),
    ("46", "EU 46", 4),
];
const STORAGE: &[Option3] = &[("128", "128 GB", 0), ("256", "256 GB", 100), ("512", "512 GB", 250)];
const LAPTOP: &[Option3] = &[
    ("16-512", "16 GB RAM, 512 GB SSD", 0),
    ("32-1T", "32 GB RAM, 1 TB SSD", 400),
];
const ONE: &[Option3] = &[("STD", "", 1)];

#[rustfmt::skip]
pub const FAMILIES: &[Family] = &[
    Family { category: Apparel, code: "TSH", noun: "crew T-shirt", brands: &[0, 1, 3], models: &["Essential", "Camden", "Riviera", "Alder"], euros: (15, 35), axes: Axes::Sized(SIZES, &[BLK, WHT, NVY, GRY, OLV]), serial: Serial::None, weight: 30 },
    Family { category: Apparel, code: "HOD", noun: "hooded sweatshirt", brands: &[1, 3], models: &["Highland", "Marais", "Coastline"], euros: (45, 85), axes: Axes::Sized(SIZES, &[BLK, GRY, NVY, SAG]), serial: Serial::None, weight: 14 },
    Family { category: Apparel, code: "JEA", noun: "slim jeans", brands: &[0, 3], models: &["Montmartre", "Denver", "Canal"], euros: (59, 119), axes: Axes::Sized(WAIST, &[BLU, BLK]), serial: Serial::None, weight: 16 },
    Family { category: Apparel, code: "DRS", noun: "midi dress", brands: &[0, 2], models: &["Capucine", "Saint-Malo", "Juliette"], euros: (55, 149), axes: Axes::Sized(SIZES, &[BLK, TER, NVY, ECR]), serial: Serial::None, weight: 12 },
    Family { category: Apparel, code: "SHI", noun: "oxford shirt", brands: &[1, 2], models: &["Heritage", "Bastille"], euros: (39, 89), axes: Axes::Sized(SIZES, &[WHT, BLU, PNK]), serial: Serial::None, weight: 10 },
    Family { category: Apparel, code: "JKT", noun: "quilted jacket", brands: &[1, 3], models: &["Ridgeline", "Tamise", "Fjell"], euros: (89, 249), axes: Axes::Sized(SIZES, &[BLK, OLV, NVY, CML]), serial: Serial::None, weight: 8 },
    Family { category: Apparel, code: "KNT", noun: "merino jumper", brands: &[0, 2], models: &["Douceur", "Islay"], euros: (59, 129), axes: Axes::Sized(SIZES, &[GRY, CML, ECR, NVY]), serial: Serial::None, weight: 10 },
    Family { category: Apparel, code: "LEG", noun: "high-rise leggings", brands: &[3], models: &["Flow", "Tempo"], euros: (29, 65), axes: Axes::Sized(SIZES, &[BLK, SAG, GRY]), serial: Serial::None, weight: 8 },
    Family { category: Footwear, code: "SNK", noun: "leather sneakers", brands: &[4, 5], models: &["Bastille", "Court 78", "Glide"], euros: (69, 149), axes: Axes::Sized(SHOE, &[WHT, BLK]), serial: Serial::None, weight: 30 },
    Family { category: Footwear, code: "RUN", noun: "running shoes", brands: &[5, 6], models: &["Cloudstep 3", "Tempo Racer", "Trailblazer GTX"], euros: (89, 179), axes: Axes::Sized(SHOE, &[BLK, BLU, GRY]), serial: Serial::None, weight: 28 },
    Family { category: Footwear, code: "BOT", noun: "Chelsea boots", brands: &[4, 6], models: &["Loire", "Summit"], euros: (99, 219), axes: Axes::Sized(SHOE, &[BLK, CML]), serial: Serial::None, weight: 18 },
    Family { category: Footwear, code: "SND", noun: "strap sandals", brands: &[4, 5], models: &["Calanque", "Palma"], euros: (35, 89), axes: Axes::Sized(SHOE, &[BEI, BLK, TER]), serial: Serial::None, weight: 12 },
    Family { category: Footwear, code: "LOF", noun: "suede loafers", brands: &[4], models: &["Rivoli", "Dauphine"], euros: (79, 159), axes: Axes::Sized(SHOE, &[CML, NVY]), serial: Serial::None, weight: 12 },
    Family { category: Electronics, code: "PHN", noun: "smartphone", brands: &[7], models: &["Nova 12", "Nova 12 Pro", "Aura 5", "Aura 5 Lite"], euros: (249, 1099), axes: Axes::Priced(STORAGE, &[GRA, SLV, BLU]), serial: Serial::Imei, weight: 16 },
    Family { category: Electronics, code: "LAP", noun: "laptop", brands: &[8], models: &["Carnet 14", "Atlas 16", "Slate 13"], euros: (649, 1899), axes: Axes::Priced(LAPTOP, &[SLV, GRA]), serial: Serial::Alphanumeric, weight: 9 },
    Family { category: Electronics, code: "HPH", noun: "noise-cancelling headphones", brands: &[9], models: &["Calme 700", "Studio Over-Ear"], euros: (99, 379), axes: Axes::Colours(&[BLK, SLV, BEI]), serial: Serial::Alphanumeric, weight: 16 },
    Family { category: Electronics, code: "EAR", noun: "wireless earbuds", brands: &[9, 7], models: &["Pods Air", "Buds 3 ANC", "Sport Fit"], euros: (49, 229), axes: Axes::Colours(&[BLK, WHT]), serial: Serial::Alphanumeric, weight: 20 },
    Family { category: Electronics, code: "WAT", noun: "smartwatch", brands: &[7], models: &["Pulse 4", "Pulse 4 Sport"], euros: (149, 399), axes: Axes::Colours(&[BLK, SLV, PNK]), serial: Serial::Alphanumeric, weight: 9 },
    Family { category: Electronics, code: "SPK", noun: "Bluetooth speaker", brands: &[9, 10], models: &["Galet", "Boombox Mini"], euros: (39, 199), axes: Axes::Colours(&[BLK, BLU, TER]), serial: Serial::Alphanumeric, weight: 10 },
    Family { category: Electronics, code: "CHG", noun: "65 W USB-C charger", brands: &[10], models: &["GaN Duo", "Compact"], euros: (19, 59), axes: Axes::Colours(&[WHT, BLK]), serial: Serial::None, weight: 12 },
    Family { category: Electronics, code: "CBL", noun: "braided USB-C cable 2 m", brands: &[10], models: &["Tressé"], euros: (9, 24), axes: Axes::Colours(&[BLK, WHT, RED]), serial: Serial::None, weight: 8 },
    Family { category: Beauty, code: "SER", noun: "vitamin C face serum", brands: &[11, 13], models: &["Éclat", "Radiance"], euros: (19, 79), axes: Axes::Plain(&[("30ML", "30 ml", 60), ("50ML", "50 ml", 40)]), serial: Serial::None, weight: 18 },
    Family { category: Beauty, code: "MOI", noun: "daily moisturiser", brands: &[11, 12], models: &["Hydra", "Velours"], euros: (15, 59), axes: Axes::Plain(&[("50ML", "50 ml", 1)]), serial: Serial::None, weight: 16 },
    Family { category: Beauty, code: "PRF", noun: "eau de parfum", brands: &[12, 13], models: &["Figue Noire", "Cèdre Blanc", "Amber Hour"], euros: (45, 139), axes: Axes::Plain(&[("50ML", "50 ml", 55), ("100ML", "100 ml", 45)]), serial: Serial::None, weight: 20 },
    Family { category: Beauty, code: "LIP", noun: "satin lipstick", brands: &[13, 12], models: &["Rouge Satin", "Velvet Matte"], euros: (12, 38), axes: Axes::Plain(&[("01", "shade 01 Rose ancien", 3), ("04", "shade 04 Coquelicot", 4), ("07", "shade 07 Nude", 5), ("09", "shade 09 Prune", 2)]), serial: Serial::None, weight: 14 },
    Family { category: Beauty, code: "SHP", noun: "repair shampoo", brands: &[11, 12], models: &["Argan", "Ortie"], euros: (8, 24), axes: Axes::Plain(&[("250ML", "250 ml", 60), ("500ML", "500 ml", 40)]), serial: Serial::None, weight: 14 },
    Family { category: Beauty, code: "TRM", noun: "beard trimmer", brands: &[12], models: &["Precision 5"], euros: (35, 89), axes: Axes::Plain(ONE), serial: Serial::None, weight: 8 },
    Family { category: Beauty, code: "BRH", noun: "toothbrush heads, pack of 4", brands: &[13], models: &["Sensitive", "Clean"], euros: (12, 29), axes: Axes::Plain(ONE), serial: Serial::None, weight: 10 },
    Family { category: Home, code: "DUV", noun: "linen duvet cover set", brands: &[17, 15], models: &["Lavé", "Hebridean"], euros: (59, 149), axes: Axes::Sized(&[("140X200", "140 × 200 cm", 30), ("200X200", "200 × 200 cm", 30), ("240X220", "240 × 220 cm", 40)], &[WHT, SAG, TER, GRY]), serial: Serial::None, weight: 16 },
    Family { category: Home, code: "CSH", noun: "velvet cushion 45 × 45 cm", brands: &[14, 15], models: &["Douillet", "Mayfair"], euros: (19, 45), axes: Axes::Colours(&[OLV, TER, PNK, NVY]), serial: Serial::None, weight: 14 },
    Family { category: Home, code: "LMP", noun: "ceramic table lamp", brands: &[14], models: &["Galet", "Phare"], euros: (39, 129), axes: Axes::Colours(&[WHT, SAG, TER]), serial: Serial::None, weight: 12 },
    Family { category: Home, code: "PAN", noun: "non-stick frying pan", brands: &[16], models: &["Pro Clad", "Everyday"], euros: (25, 89), axes: Axes::Plain(&[("24CM", "24 cm", 45), ("28CM", "28 cm", 55)]), serial: Serial::None, weight: 14 },
    Family { category: Home, code: "KNF", noun: "kitchen knife set, 5 pieces", brands: &[16], models: &["Damascus", "Classic"], euros: (49, 199), axes: Axes::Plain(ONE), serial: Serial::None, weight: 8 },
    Family { category: Home, code: "TWL", noun: "cotton towel set", brands: &[15, 17], models: &["Spa", "Gaufré"], euros: (19, 59), axes: Axes::Colours(&[WHT, GRY, SAG, BEI]), serial: Serial::None, weight: 14 },
    Family { category: Home, code: "VAS", noun: "stoneware vase", brands: &[14], models: &["Amphore", "Galet"], euros: (19, 69), axes: Axes::Colours(&[ECR, TER, BLK]), serial: Serial::None, weight: 10 },
    Family { category: Home, code: "MUG", noun: "stoneware mugs, set of 4", brands: &[14, 15], models: &["Atelier", "Harbour"], euros: (15, 39), axes: Axes::Colours(&[ECR, BLU, SAG]), serial: Serial::None, weight: 12 },
];
