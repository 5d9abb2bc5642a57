//! What customers write in the comment box, in French or English.

use crate::catalogue::Product;
use crate::people::Lang;
use crate::rng::Rng;
use triage_core::ReturnReason::{self, *};

/// (reason, what it fits: category names or family codes, empty for anything;
/// English, French)
type Template = (ReturnReason, &'static [&'static str], &'static str, &'static str);

const ANY: &[&str] = &[];
const SIZED: &[&str] = &["apparel", "footwear"];
const TEXTILE: &[&str] = &["apparel", "footwear", "DUV", "TWL", "CSH"];
const BATTERY: &[&str] = &["PHN", "LAP", "EAR", "HPH", "WAT", "SPK", "TRM"];
const WIRELESS: &[&str] = &["EAR", "HPH", "SPK", "WAT"];
const COLOURED: &[&str] = &[
    "apparel", "footwear", "PHN", "LAP", "EAR", "HPH", "WAT", "SPK", "CSH", "LMP", "TWL", "VAS", "MUG", "DUV",
];
const DECOR: &[&str] = &["CSH", "LMP", "VAS", "MUG", "DUV", "TWL"];

#[rustfmt::skip]
const TEMPLATES: &[Template] = &[
    (SizeTooSmall, &["apparel"], "Runs small, I'd need the next size up.", "Taille petit, il me faudrait la taille au-dessus."),
    (SizeTooSmall, &["TSH", "HOD", "SHI", "JKT", "KNT", "DRS"], "Too tight across the shoulders.", "Trop serré aux épaules."),
    (SizeTooSmall, &["footwear"], "Pinches at the toes, half a size too small.", "Serre au niveau des orteils, une demi-pointure trop petite."),
    (SizeTooLarge, &["apparel"], "Far too big, even in my usual size.", "Beaucoup trop grand, même dans ma taille habituelle."),
    (SizeTooLarge, &["footwear"], "Heel slips out when I walk.", "Le talon glisse quand je marche."),
    (Color, COLOURED, "The colour looks nothing like the photos.", "La couleur ne ressemble pas du tout aux photos."),
    (Color, &["LIP"], "Shade is much darker than on the website.", "La teinte est beaucoup plus foncée que sur le site."),
    (Style, SIZED, "Not the fit I expected.", "La coupe ne me plaît pas finalement."),
    (Style, DECOR, "Doesn't go with my living room after all.", "Ne va pas avec mon salon finalement."),
    (Style, &["WAT"], "Too bulky on my wrist.", "Trop massive à mon poignet."),
    (Defective, BATTERY, "Stopped charging after two days.", "Ne charge plus après deux jours."),
    (Defective, &["EAR"], "Left earbud has no sound.", "L'écouteur gauche n'émet aucun son."),
    (Defective, &["PHN", "LAP", "WAT"], "Screen flickers when the brightness is low.", "L'écran scintille quand la luminosité est basse."),
    (Defective, &["PHN", "LAP", "WAT", "SPK", "HPH"], "Won't turn on, straight out of the box.", "Ne s'allume pas, dès le déballage."),
    (Defective, WIRELESS, "Bluetooth keeps dropping every few minutes.", "Le Bluetooth se déconnecte toutes les deux minutes."),
    (Defective, &["CHG"], "Gets very hot and cuts out.", "Chauffe beaucoup et se coupe."),
    (Defective, &["CBL"], "Only charges if I bend the connector.", "Ne charge que si je plie le connecteur."),
    (Defective, &["apparel"], "Seam came apart after the first wash.", "La couture s'est défaite au premier lavage."),
    (Defective, &["footwear"], "The sole is coming unglued.", "La semelle se décolle."),
    (Defective, &["SER", "MOI", "PRF", "SHP"], "Pump doesn't work, product leaked in the box.", "La pompe ne fonctionne pas, le produit a coulé dans la boîte."),
    (Defective, &["LIP"], "Arrived broken in the tube.", "Arrivé cassé dans le tube."),
    (Defective, &["LMP", "VAS", "MUG"], "Arrived chipped.", "Arrivé ébréché."),
    (Defective, &["LMP"], "Flickers and buzzes.", "Clignote et grésille."),
    (Defective, &["PAN"], "Non-stick coating peeling after a week.", "Le revêtement antiadhésif s'écaille après une semaine."),
    (Defective, &["DUV"], "The zip broke the first time.", "La fermeture éclair a cassé dès la première fois."),
    (NotAsDescribed, TEXTILE, "Material feels much thinner than described.", "La matière est bien plus fine que décrit."),
    (NotAsDescribed, BATTERY, "Battery life is nowhere near what's advertised.", "L'autonomie est loin de ce qui est annoncé."),
    (NotAsDescribed, &["HPH", "EAR"], "Noise cancelling is much weaker than advertised.", "La réduction de bruit est bien plus faible qu'annoncé."),
    (NotAsDescribed, &["CHG", "CBL"], "Doesn't fast-charge my laptop as advertised.", "Ne charge pas rapidement mon ordinateur comme annoncé."),
    (NotAsDescribed, &["PRF"], "The scent is not what the description says.", "Le parfum ne correspond pas à la description."),
    (NotAsDescribed, &["SER", "MOI"], "Greasy texture, not light as described.", "Texture grasse, pas légère comme décrit."),
    (NotAsDescribed, &["home"], "Smaller than it looks in the photos.", "Plus petit qu'en photo."),
    (Unwanted, ANY, "Changed my mind.", "J'ai changé d'avis."),
    (Unwanted, ANY, "Bought as a gift, no longer needed.", "Acheté pour offrir, plus nécessaire."),
    (Unwanted, ANY, "Found it cheaper elsewhere.", "Trouvé moins cher ailleurs."),
    (Unwanted, &["beauty"], "Unopened, still sealed.", "Jamais ouvert, toujours scellé."),
    (WrongItem, COLOURED, "Received a different colour from the one I ordered.", "Reçu une autre couleur que celle commandée."),
    (WrongItem, SIZED, "Wrong size in the box.", "Mauvaise taille dans le colis."),
    (WrongItem, &["LIP"], "Received the wrong shade.", "Reçu la mauvaise teinte."),
    (WrongItem, ANY, "This isn't what I ordered at all.", "Ce n'est pas du tout ce que j'ai commandé."),
    (Other, ANY, "Arrived too late for the event.", "Arrivé trop tard pour l'événement."),
    (Other, SIZED, "Ordered two sizes to try, sending this one back.", "Commandé deux tailles pour essayer, je renvoie celle-ci."),
];

/// About a third of customers leave a comment; mostly in their own language.
pub fn comment(rng: &mut Rng, reason: ReturnReason, product: &Product, lang: Lang) -> Option<String> {
    if reason == Unknown || !rng.chance(35) {
        return None;
    }
    let fits = |tags: &[&str]| {
        tags.is_empty()
            || tags
                .iter()
                .any(|t| *t == product.family || *t == product.category.as_str())
    };
    let candidates: Vec<&Template> = TEMPLATES.iter().filter(|t| t.0 == reason && fits(t.1)).collect();
    if candidates.is_empty() {
        return None;
    }
    let (_, _, en, fr) = rng.pick(&candidates);
    let french = (lang == Lang::Fr) != rng.chance(10);
    Some(if french { fr } else { en }.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::FAMILIES;

    #[test]
    fn every_tag_names_a_category_or_a_family() {
        let known = |t: &str| triage_core::Category::parse(t).is_some() || FAMILIES.iter().any(|f| f.code == t);
        for (_, tags, en, _) in TEMPLATES {
            assert!(tags.iter().all(|t| known(t)), "{en}: {tags:?}");
        }
    }
}
