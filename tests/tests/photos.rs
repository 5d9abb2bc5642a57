//! Photo questions on a real SQLite file with real pictures: the bench camera's
//! folder is empty, then holds a file that is no picture, then a PNG; Enter on the
//! question takes the newest picture, keeps it by its SHA-256 and answers with it;
//! the unit is not confirmed without it, nor with a photo of another unit; the same
//! picture never serves two units, and a JPEG works too.

use std::path::Path;
use triage_app::ErrorCode;
use triage_core::{Category, ReturnOrder, Role};
use triage_tests::central::{answers, demo};
use triage_tests::people::sign_in;

/// In-window demo returns whose first line is one apparel unit.
fn apparel_returns() -> Vec<ReturnOrder> {
    let today = triage_tests::central::today();
    demo()
        .into_iter()
        .filter(|o| o.lines[0].category == Category::Apparel && o.within_window(today))
        .take(2)
        .collect()
}

/// A 640×480 picture, different for each `seed`.
fn picture(seed: u8) -> image::RgbImage {
    image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, seed]))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test]
async fn a_damaged_garment_is_not_confirmed_without_a_photo_of_it_from_the_bench_camera() {
    let dir = tempfile::tempdir().unwrap();
    let bench = triage_tests::demo_bench(dir.path(), 5).await;
    let orders = apparel_returns();
    assert_eq!(orders.len(), 2);
    let inbox = bench.photo_inbox();
    assert_eq!(inbox, dir.path().join("photo-inbox"));

    sign_in(&bench, Role::Inspector).await;
    let parcel = bench.scan_parcel(&orders[0].tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, orders[0].lines[0].gtin.as_str())
        .await
        .unwrap();
    // A small stain: the photo is asked, and the checklist is not complete without it.
    let stained = answers(&[("tags_attached", "Y"), ("worn", "N"), ("damage", "2")]);
    let d = bench.propose(&unit.unit_id, &stained, &[]).await.unwrap();
    assert!(d.asked.contains(&"damage_photo".to_string()), "{:?}", d.asked);
    assert!(!d.complete);
    assert_eq!(
        bench.confirm_unit(&unit.unit_id, &stained, &[]).await.unwrap_err().code,
        ErrorCode::Incomplete
    );

    // Nothing in the camera's folder yet.
    let none = bench.take_photo(&unit.unit_id, "damage_photo").await.unwrap_err();
    assert_eq!(none.code, ErrorCode::NotFound);
    assert!(none.message.starts_with("no photo is waiting in"), "{}", none.message);
    // Not a photo question.
    let e = bench.take_photo(&unit.unit_id, "damage").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);

    // A file that is no picture is refused and moved aside.
    std::fs::write(inbox.join("IMG_0001.jpg"), b"not a picture").unwrap();
    let bad = bench.take_photo(&unit.unit_id, "damage_photo").await.unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    assert!(
        bad.message.contains("is not a picture the bench can read"),
        "{}",
        bad.message
    );
    assert!(files_in(&inbox).is_empty());
    assert_eq!(files_in(&inbox.join("rejected")), vec!["IMG_0001.jpg".to_string()]);

    // The camera saves a PNG: Enter takes it.
    picture(1).save(inbox.join("IMG_0002.png")).unwrap();
    let photo = bench.take_photo(&unit.unit_id, "damage_photo").await.unwrap();
    assert!(triage_core::rules::is_photo_id(&photo.id), "{}", photo.id);
    assert_eq!((photo.width, photo.height), (640, 480));
    assert!(photo.thumbnail.starts_with("data:image/png;base64,"));
    assert!(files_in(&inbox).is_empty(), "the picture left the inbox");
    assert_eq!(files_in(&dir.path().join("photos")), vec![format!("{}.png", photo.id)]);

    // A photo id that is not this unit's is refused; this unit's photo completes it.
    let mut with_other = stained.clone();
    with_other.extend(answers(&[("damage_photo", &"ab".repeat(32))]));
    let e = bench.confirm_unit(&unit.unit_id, &with_other, &[]).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("not a photo taken for this unit"), "{}", e.message);
    let mut with_photo = stained.clone();
    with_photo.extend(answers(&[("damage_photo", &photo.id)]));
    let done = bench.confirm_unit(&unit.unit_id, &with_photo, &[]).await.unwrap();
    assert!(done.decision.complete);
    assert!(done
        .decision
        .answers
        .iter()
        .any(|a| a.question_id == "damage_photo" && a.key == photo.id));

    // The same picture for another unit is refused; a new JPEG is taken.
    let parcel = bench.scan_parcel(&orders[1].tracking_numbers[0]).await.unwrap();
    let other = bench
        .start_unit(&parcel.parcel_id, orders[1].lines[0].gtin.as_str())
        .await
        .unwrap();
    picture(1).save(inbox.join("IMG_0003.png")).unwrap();
    let again = bench.take_photo(&other.unit_id, "damage_photo").await.unwrap_err();
    assert_eq!(again.code, ErrorCode::WrongState);
    assert!(
        again.message.contains("already taken for another unit"),
        "{}",
        again.message
    );
    std::fs::remove_file(inbox.join("IMG_0003.png")).unwrap();
    picture(2).save(inbox.join("IMG_0004.JPG")).unwrap();
    let jpeg = bench.take_photo(&other.unit_id, "damage_photo").await.unwrap();
    assert_ne!(jpeg.id, photo.id);
    assert!(dir.path().join("photos").join(format!("{}.jpg", jpeg.id)).exists());

    // The lead sees the photo with the unit's story.
    sign_in(&bench, Role::Lead).await;
    let story = bench.unit_history(&done.lpn).await.unwrap();
    assert_eq!(story.photos.len(), 1);
    assert_eq!(story.photos[0].id, photo.id);
    assert!(story.photos[0].thumbnail.starts_with("data:image/png;base64,"));
    std::fs::remove_file(dir.path().join("photos").join(format!("{}.png", photo.id))).unwrap();
    let story = bench.unit_history(&done.lpn).await.unwrap();
    assert_eq!(
        story.photos[0].thumbnail, "",
        "a photo whose file is gone has no thumbnail"
    );

    sign_in(&bench, Role::Admin).await;
    let audit = bench.audit_tail(30).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "photo.taken").count(), 2);
}
