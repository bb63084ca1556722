//! Backends in front of the real one, for what the UI shows of accounts,
//! head counts and other users.

use ggw::backend::LocalBackend;

/// A backend that claims, in its `Info`, a head count and an account other
/// than the database's owner, while the service below still allows
/// everything: for testing what the UI itself shows and refuses.
pub struct Claimed {
    pub inner: LocalBackend,
    pub online: Option<std::rc::Rc<std::cell::Cell<u32>>>,
    /// Claimed for the user `lisi`.
    pub access: Option<ggw::domain::account::Access>,
}

impl ggw::backend::Backend for Claimed {
    fn call(&self, request: ggw::service::Request) -> ggw::error::Result<ggw::service::Response> {
        match self.inner.call(request)? {
            ggw::service::Response::Info(mut i) => {
                if let Some(n) = &self.online {
                    i.online = Some(n.get());
                }
                if let Some(a) = self.access {
                    i.access = a;
                    i.user = "lisi".into();
                }
                Ok(ggw::service::Response::Info(i))
            }
            other => Ok(other),
        }
    }
}

/// A backend shared with "another user" in the same test.
pub struct Shared(pub std::rc::Rc<LocalBackend>);

impl ggw::backend::Backend for Shared {
    fn call(&self, request: ggw::service::Request) -> ggw::error::Result<ggw::service::Response> {
        self.0.call(request)
    }
}
