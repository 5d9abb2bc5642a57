//! What customers write in the comment box, in French or English.

use crate::people::Lang;
use crate::rng::Rng;
use triage_core::Category::{self, *};
use triage_core::ReturnReason::{self, *};

/// (reason, categories it fits — empty: any, English, French)
type Template = (ReturnReason, &'static [Category], &'static str, &'static str);

const SIZED: &[Category] = &[Apparel, Footwear];
const ANY: &[Category] = &[];

#[rustfmt::skip]
const TEMPLATES: &[Template] = &[
    (SizeTooSmall, &[Apparel], "Runs small, I'd need the next size up.", "Taille petit, il me faudrait la taille au-dessus."),
    (SizeTooSmall, &[Apparel], "Too tight across the shoulders.", "Trop serré aux épaules."),
    (SizeTooSmall, &[Footwear], "Pinches at the toes, half a size too small.", "Serre au niveau des orteils, une demi-pointure trop petite."),
    (SizeTooLarge, &[Apparel], "Far too big, even in my usual size.", "Beaucoup trop grand, même dans ma taille habituelle."),
    (SizeTooLarge, &[Footwear], "Heel slips out when I walk.", "Le talon glisse quand je marche."),
    (Color, ANY, "The colour looks nothing like the photos.", "La couleur ne ressemble pas du tout aux photos."),
    (Color, &[Beauty], "Shade is much darker than on the website.", "La teinte est beaucoup plus foncée que sur le site."),
    (Style, SIZED, "Not the fit I expected.", "La coupe ne me plaît pas finalement."),
    (Style, &[Home], "Doesn't go with my living room after all.", "Ne va pas avec mon salon finalement."),
    (Defective, &[Electronics], "Stopped charging after two days.", "Ne charge plus après deux jours."),
    (Defective, &[Electronics], "Left earbud has no sound.", "L'écouteur gauche n'émet aucun son."),
    (Defective, &[Electronics], "Screen flickers when the brightness is low.", "L'écran scintille quand la luminosité est basse."),
    (Defective, &[Electronics], "Won't turn on, straight out of the box.", "Ne s'allume pas, dès le déballage."),
    (Defective, &[Electronics], "Bluetooth keeps dropping every few minutes.", "Le Bluetooth se déconnecte toutes les deux minutes."),
    (Defective, &[Apparel], "Seam came apart after the first wash.", "La couture s'est défaite au premier lavage."),
    (Defective, &[Footwear], "The sole is coming unglued.", "La semelle se décolle."),
    (Defective, &[Beauty], "Pump doesn't work, product leaked in the box.", "La pompe ne fonctionne pas, le produit a coulé dans la boîte."),
    (Defective, &[Home], "Arrived chipped.", "Arrivé ébréché."),
    (NotAsDescribed, ANY, "Material feels much thinner than described.", "La matière est bien plus fine que décrit."),
    (NotAsDescribed, &[Electronics], "Battery life is nowhere near what's advertised.", "L'autonomie est loin de ce qui est annoncé."),
    (NotAsDescribed, &[Beauty], "The scent is not what the description says.", "Le parfum ne correspond pas à la description."),
    (Unwanted, ANY, "Changed my mind.", "J'ai changé d'avis."),
    (Unwanted, ANY, "Bought as a gift, no longer needed.", "Acheté pour offrir, plus nécessaire."),
    (Unwanted, ANY, "Found it cheaper elsewhere.", "Trouvé moins cher ailleurs."),
    (Unwanted, &[Beauty], "Unopened, still sealed.", "Jamais ouvert, toujours scellé."),
    (WrongItem, ANY, "Received a different colour from the one I ordered.", "Reçu une autre couleur que celle commandée."),
    (WrongItem, SIZED, "Wrong size in the box.", "Mauvaise taille dans le colis."),
    (WrongItem, ANY, "This isn't what I ordered at all.", "Ce n'est pas du tout ce que j'ai commandé."),
    (Other, ANY, "Arrived too late for the event.", "Arrivé trop tard pour l'événement."),
    (Other, SIZED, "Ordered two sizes to try, sending this one back.", "Commandé deux tailles pour essayer, je renvoie celle-ci."),
];

/// About a third of customers leave a comment; mostly in their own language.
pub fn comment(rng: &mut Rng, reason: ReturnReason, category: Category, lang: Lang) -> Option<String> {
    if reason == Unknown || !rng.chance(35) {
        return None;
    }
    let fits: Vec<&Template> = TEMPLATES
        .iter()
        .filter(|t| t.0 == reason && (t.1.is_empty() || t.1.contains(&category)))
        .collect();
    if fits.is_empty() {
        return None;
    }
    let (_, _, en, fr) = rng.pick(&fits);
    let french = (lang == Lang::Fr) != rng.chance(10);
    Some(if french { fr } else { en }.to_string())
}
