//! Photos for a checklist's photo questions. The bench camera (a document camera,
//! a tethered camera, a phone app) saves its pictures into the bench's photo inbox,
//! `<data>/photo-inbox`; when the inspector presses Enter on a photo question, the
//! newest picture there is read (PNG or JPEG), named by its SHA-256 and moved into
//! `<data>/photos`, recorded against the unit, and its id becomes the answer. The
//! same picture never serves two units.

use crate::dto::PhotoView;
use crate::{AppError, Bench, ErrorCode, Result};
use base64::Engine;
use chrono::Utc;
use std::path::{Path, PathBuf};
use triage_core::rules::{Answer, QuestionKind};
use triage_core::{Action, UnitState};
use triage_store::{PhotoRow, UnitRecord};

/// The largest side of the thumbnail the window shows, in pixels.
const THUMBNAIL_PX: u32 = 320;

fn is_picture(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg"))
}

/// The newest picture in `dir`, if any.
fn newest_picture(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let meta = entry.metadata()?;
        if !meta.is_file() || !is_picture(&path) {
            continue;
        }
        let modified = meta.modified()?;
        if newest.as_ref().is_none_or(|(t, p)| (modified, &path) > (*t, p)) {
            newest = Some((modified, path));
        }
    }
    Ok(newest.map(|(_, p)| p))
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!(
            "{what} {}: {e}; check the folder exists and the bench may write to it",
            path.display()
        ),
    )
}

/// A small PNG of `image` for the window, as a data URL.
fn thumbnail(image: &image::DynamicImage) -> Result<String> {
    let small = image.thumbnail(THUMBNAIL_PX, THUMBNAIL_PX);
    let mut png = std::io::Cursor::new(Vec::new());
    small.write_to(&mut png, image::ImageFormat::Png).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("the photo's thumbnail could not be made: {e}"),
        )
    })?;
    Ok(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png.into_inner())
    ))
}

impl Bench {
    /// The bench camera's folder: pictures saved there are taken by photo questions.
    pub fn photo_inbox(&self) -> PathBuf {
        self.config().data_dir.join("photo-inbox")
    }

    fn photos_dir(&self) -> PathBuf {
        self.config().data_dir.join("photos")
    }

    /// Takes the newest picture of the photo inbox as the answer to `question_id`
    /// of the unit under inspection.
    pub async fn take_photo(&self, unit_id: &str, question_id: &str) -> Result<PhotoView> {
        let by = self.actor(Action::InspectUnit)?;
        let unit = self.store().unit(unit_id).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "that unit is not on this bench: scan the item again",
            )
        })?;
        if unit.state != UnitState::Inspecting {
            return Err(AppError::new(
                ErrorCode::WrongState,
                "this unit is already confirmed: its photos cannot change",
            ));
        }
        let rules = self.rules();
        let asks_photo = rules
            .checklist(unit.category)
            .iter()
            .any(|q| q.id == question_id && q.kind == QuestionKind::Photo);
        if !asks_photo {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("{question_id:?} is not a photo question of this unit's checklist"),
            ));
        }

        let inbox = self.photo_inbox();
        std::fs::create_dir_all(&inbox).map_err(|e| io_error("cannot make the photo inbox", &inbox, e))?;
        let path = newest_picture(&inbox)
            .map_err(|e| io_error("cannot read the photo inbox", &inbox, e))?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!(
                        "no photo is waiting in {}: take the photo with the bench camera (it saves there as PNG or JPEG), then press Enter again",
                        inbox.display()
                    ),
                )
            })?;
        let bytes = std::fs::read(&path).map_err(|e| io_error("cannot read the photo", &path, e))?;
        let picture = match image::load_from_memory(&bytes) {
            Ok(p) => p,
            Err(e) => {
                // Out of the way, so the next Enter does not find it again.
                let rejected = inbox.join("rejected");
                let _ = std::fs::create_dir_all(&rejected);
                let _ = path.file_name().map(|n| std::fs::rename(&path, rejected.join(n)));
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "{} is not a picture the bench can read ({e}); it was moved to {}: take the photo again",
                        path.display(),
                        rejected.display()
                    ),
                ));
            }
        };
        let id = {
            use sha2::{Digest, Sha256};
            Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        if let Some(known) = self.store().photo(&id).await? {
            if known.unit_id != unit.id || known.question_id != question_id {
                return Err(AppError::new(
                    ErrorCode::WrongState,
                    format!(
                        "{} was already taken for another unit or question: take a new photo of this one",
                        path.display()
                    ),
                ));
            }
            let _ = std::fs::remove_file(&path);
            return Ok(PhotoView {
                id,
                width: known.width,
                height: known.height,
                thumbnail: thumbnail(&picture)?,
            });
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map_or("png".to_string(), |e| e.to_ascii_lowercase());
        let dir = self.photos_dir();
        std::fs::create_dir_all(&dir).map_err(|e| io_error("cannot make the photos folder", &dir, e))?;
        let file = format!("{id}.{ext}");
        std::fs::write(dir.join(&file), &bytes).map_err(|e| io_error("cannot keep the photo in", &dir, e))?;
        let now = self.now().with_timezone(&Utc);
        let row = PhotoRow {
            id: id.clone(),
            unit_id: unit.id.clone(),
            question_id: question_id.to_string(),
            file,
            width: picture.width(),
            height: picture.height(),
            taken_by: by,
            taken_at: triage_store::ts(now),
        };
        self.store().add_photo(&row, now).await?;
        let _ = std::fs::remove_file(&path);
        Ok(PhotoView {
            id,
            width: row.width,
            height: row.height,
            thumbnail: thumbnail(&picture)?,
        })
    }

    /// The photos taken for a unit, with thumbnails (empty when the file is gone).
    pub(crate) async fn unit_photos(&self, unit_id: &str) -> Result<Vec<PhotoView>> {
        let mut out = Vec::new();
        for p in self.store().photos_of_unit(unit_id).await? {
            let picture = std::fs::read(self.photos_dir().join(&p.file))
                .ok()
                .and_then(|bytes| image::load_from_memory(&bytes).ok());
            out.push(PhotoView {
                thumbnail: match picture {
                    Some(picture) => thumbnail(&picture)?,
                    None => String::new(),
                },
                id: p.id,
                width: p.width,
                height: p.height,
            });
        }
        Ok(out)
    }

    /// Refuses answers to photo questions that are not photos taken for this unit.
    pub(crate) async fn check_photos(&self, unit: &UnitRecord, answers: &[Answer]) -> Result<()> {
        let rules = self.rules();
        for answer in answers {
            let is_photo = rules
                .checklist(unit.category)
                .iter()
                .any(|q| q.id == answer.question_id && q.kind == QuestionKind::Photo);
            if !is_photo {
                continue;
            }
            let taken = self.store().photo(answer.key.trim()).await?;
            if taken.is_none_or(|p| p.unit_id != unit.id) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "the answer to {:?} is not a photo taken for this unit: take the photo again (Enter on the question)",
                        answer.question_id
                    ),
                ));
            }
        }
        Ok(())
    }
}
