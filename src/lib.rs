//! ggw: the workstation of a district 关心下一代工作委员会 (关工委) office.

pub mod api;
pub mod backend;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod error;
pub mod heap;
pub mod io;
pub mod lang;
pub mod os_user;
pub mod paths;
pub mod server;
pub mod service;
pub mod store;
pub mod tui;
