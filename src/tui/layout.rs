//! Where the bars and the view go, shared by drawing and by paging.

use ratatui::layout::Rect;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub struct Areas {
    pub title: Rect,
    pub body: Rect,
    pub message: Rect,
    pub hints: Rect,
}

pub fn areas(screen: Rect) -> Areas {
    let h = screen.height;
    let row = |y: u16| {
        Rect::new(
            screen.x,
            screen.y + y,
            screen.width,
            1.min(h.saturating_sub(y)),
        )
    };
    Areas {
        title: row(0),
        body: Rect::new(
            screen.x,
            screen.y + 1.min(h),
            screen.width,
            h.saturating_sub(3),
        ),
        message: row(h.saturating_sub(2)),
        hints: row(h.saturating_sub(1)),
    }
}

pub fn too_small(screen: Rect) -> bool {
    screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT
}
