//! `ggw serve` and its clients: several users at once, hostile clients,
//! crashes, identity and permissions, and the full-screen program serving
//! others.

mod abuse;
mod concurrency;
mod crash;
mod e2e;
mod identity;
mod live;
mod open_program_serves;
mod people_page;
mod permissions;
mod robustness;
mod work_records;
