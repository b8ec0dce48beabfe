//! Who may do what. Every permission question in Veche is answered by
//! [`Policy::decide`]; no other code compares certificate levels, BL or roles.

use std::fmt;

use time::OffsetDateTime;

use crate::config::{Bar, CertificateLevel, Config};
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Moderator,
    Admin,
    Registrar,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Member, Role::Moderator, Role::Admin, Role::Registrar];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
            Role::Registrar => "registrar",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Moderators and admins keep order and content.
    fn is_content_staff(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What policy needs to know about the one asking.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Anonymous,
    /// `silenced_until`: a moderator's silence is in force until then (no
    /// posting or editing); `None` when not silenced.
    Member {
        role: Role,
        certificate: &'a str,
        bl: i32,
        silenced_until: Option<OffsetDateTime>,
        /// The member proved their e-mail address; writing needs it.
        email_verified: bool,
    },
}

/// The member an action is done to, as far as rank goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Subject {
    /// The actor and the subject are the same member.
    pub own: bool,
    pub role: Role,
    pub certificate_rank: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    CreateArticle,
    EditArticle,
    RenameArticle,
    RevertArticle,
    ReviewProposals,
    /// Edit an article a moderator has protected.
    EditProtectedArticle,
    ProtectArticle,
    Moderate,
    /// Topic and post tools in one category; `in_scope` when the category is
    /// among those the moderator looks after (all, unless limited).
    ModerateIn {
        in_scope: bool,
    },
    /// Silence, suspend or ban a member, or lift it.
    Sanction {
        target: Subject,
    },
    /// Set a member's certificate level (`new_rank`: the rank of the level
    /// given) or BL.
    SetStanding {
        target: Subject,
        new_rank: Option<i32>,
    },
    /// Change a member's role or a moderator's categories.
    SetRole {
        target: Subject,
    },
    /// The standing panel and audit of others.
    ManageStanding,
    ManageRoles,
    ViewStaffLog,
    /// Forum: open a topic, reply, like, bookmark, flag.
    Post,
    /// Reply although the topic is closed.
    ReplyToClosedTopic,
    /// Edit or delete a post; `own` when the actor wrote it.
    EditPost {
        own: bool,
    },
    DeletePost {
        own: bool,
    },
    /// Read the text of deleted and hidden posts.
    SeeDeletedPosts,
    /// Mark a reply as the solution; `topic_author` when the actor opened the topic.
    MarkSolution {
        topic_author: bool,
    },
    ManageCategories,
    /// The list of mail waiting or failed.
    ViewMailQueue,
    /// Synonyms and the list of unanswered questions.
    ManageSearch,
}

impl Action {
    /// The Fluent key naming the action in a sentence ("Editing guides").
    pub fn message_key(self) -> &'static str {
        match self {
            Action::CreateArticle => "action-create-article",
            Action::EditArticle => "action-edit-article",
            Action::RenameArticle => "action-rename-article",
            Action::RevertArticle => "action-revert-article",
            Action::ReviewProposals => "action-review-proposals",
            Action::EditProtectedArticle => "action-edit-protected-article",
            Action::ProtectArticle => "action-protect-article",
            Action::Moderate | Action::ModerateIn { .. } => "action-moderate",
            Action::Sanction { .. } => "action-sanction",
            Action::SetStanding { .. } | Action::ManageStanding => "action-manage-standing",
            Action::SetRole { .. } | Action::ManageRoles => "action-manage-roles",
            Action::ViewStaffLog => "action-view-staff-log",
            Action::Post => "action-post",
            Action::ReplyToClosedTopic => "action-reply-closed",
            Action::EditPost { .. } => "action-edit-post",
            Action::DeletePost { .. } => "action-delete-post",
            Action::SeeDeletedPosts => "action-see-deleted",
            Action::MarkSolution { .. } => "action-mark-solution",
            Action::ManageCategories => "action-manage-categories",
            Action::ViewMailQueue => "action-view-mail-queue",
            Action::ManageSearch => "action-manage-search",
        }
    }

    /// Actions a silenced member may not take.
    fn writes(self) -> bool {
        matches!(
            self,
            Action::Post
                | Action::CreateArticle
                | Action::EditArticle
                | Action::RenameArticle
                | Action::RevertArticle
                | Action::EditPost { .. }
                | Action::ReplyToClosedTopic
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// The member may submit, and it goes to the review queue.
    Propose(Denial),
    Deny(Denial),
}

impl Decision {
    /// `Ok` only for `Allow`: the one place a decision becomes a refusal.
    pub fn require(self) -> Result<(), AppError> {
        match self {
            Decision::Allow => Ok(()),
            Decision::Propose(d) | Decision::Deny(d) => Err(AppError::Forbidden(d)),
        }
    }

    pub fn is_allow(&self) -> bool {
        *self == Decision::Allow
    }

    /// The reason, unless allowed.
    pub fn denial(&self) -> Option<&Denial> {
        match self {
            Decision::Allow => None,
            Decision::Propose(d) | Decision::Deny(d) => Some(d),
        }
    }
}

/// Why an action is refused, with what it needs and what the actor has.
/// Rendered in the reader's language by the web layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub action: Action,
    pub reason: DenyReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DenyReason {
    SignInRequired,
    BelowBar {
        needed_certificate: String,
        needed_bl_above: i32,
        has_certificate: String,
        has_bl: i32,
    },
    RoleRequired {
        roles: &'static [Role],
    },
    /// The member has not yet opened the link mailed to their address.
    EmailUnverified,
    /// A moderator's silence; `until: None` means until lifted.
    Silenced {
        until: Option<OffsetDateTime>,
    },
    TopicClosed,
    Protected,
    /// A moderator limited to other categories.
    OutOfScope,
    /// Staff do not act on themselves.
    OwnAccount,
    /// The member's rank is equal to or above the actor's.
    HigherRank,
    /// A registrar gives only levels below their own.
    CertificateAboveOwn,
}

/// The rules, resolved from config once.
#[derive(Debug, Clone)]
pub struct Policy {
    ladder: Vec<CertificateLevel>,
    wiki_edit: Bar,
}

const STAFF: &[Role] = &[Role::Moderator, Role::Admin];
const ADMIN: &[Role] = &[Role::Admin];
const STANDING: &[Role] = &[Role::Registrar, Role::Admin];

/// Rank among staff: who may act on whom. Admins outrank everyone; a
/// moderator and a registrar are peers.
fn staff_rank(role: Role) -> u8 {
    match role {
        Role::Member => 0,
        Role::Moderator | Role::Registrar => 1,
        Role::Admin => 2,
    }
}

/// A silence that ends this far ahead or later reads "until lifted".
const FOREVER_AFTER_DAYS: i64 = 365 * 50;

impl Policy {
    pub fn from_config(config: &Config) -> Self {
        Self { ladder: config.certificates.clone(), wiki_edit: config.wiki_edit.clone() }
    }

    /// The certificate ladder, lowest first.
    pub fn ladder(&self) -> &[CertificateLevel] {
        &self.ladder
    }

    pub fn is_certificate(&self, key: &str) -> bool {
        self.ladder.iter().any(|l| l.key == key)
    }

    /// Rank of a level; a level no longer in the ladder counts as lowest.
    pub fn rank(&self, key: &str) -> i32 {
        self.ladder.iter().find(|l| l.key == key).map_or(i32::MIN, |l| l.rank)
    }

    fn meets(&self, bar: &Bar, certificate: &str, bl: i32) -> bool {
        self.rank(certificate) >= self.rank(&bar.certificate) && bl > bar.bl_above
    }

    /// `decide(..).require()`.
    pub fn require(&self, actor: &Actor<'_>, action: Action) -> Result<(), AppError> {
        self.decide(actor, action).require()
    }

    pub fn allows(&self, actor: &Actor<'_>, action: Action) -> bool {
        self.decide(actor, action).is_allow()
    }

    /// The one answer to "may this actor do this?".
    pub fn decide(&self, actor: &Actor<'_>, action: Action) -> Decision {
        let deny = |reason| Decision::Deny(Denial { action, reason });
        let Actor::Member { role, certificate, bl, silenced_until, email_verified } = *actor else {
            return deny(DenyReason::SignInRequired);
        };
        if !email_verified && action.writes() {
            return deny(DenyReason::EmailUnverified);
        }
        if let Some(until) = silenced_until
            && action.writes()
        {
            let forever = until - crate::util::now() > time::Duration::days(FOREVER_AFTER_DAYS);
            return deny(DenyReason::Silenced { until: (!forever).then_some(until) });
        }
        let role_only = |roles: &'static [Role]| {
            if roles.contains(&role) { Decision::Allow } else { deny(DenyReason::RoleRequired { roles }) }
        };
        match action {
            Action::CreateArticle
            | Action::EditArticle
            | Action::RenameArticle
            | Action::RevertArticle
            | Action::ReviewProposals => {
                if role.is_content_staff() || self.meets(&self.wiki_edit, certificate, bl) {
                    return Decision::Allow;
                }
                let denial = Denial {
                    action,
                    reason: DenyReason::BelowBar {
                        needed_certificate: self.wiki_edit.certificate.clone(),
                        needed_bl_above: self.wiki_edit.bl_above,
                        has_certificate: certificate.to_owned(),
                        has_bl: bl,
                    },
                };
                match action {
                    // Reviewing is itself the gate: nothing to propose.
                    Action::ReviewProposals => Decision::Deny(denial),
                    _ => Decision::Propose(denial),
                }
            }
            Action::EditProtectedArticle => {
                if role.is_content_staff() {
                    Decision::Allow
                } else {
                    deny(DenyReason::Protected)
                }
            }
            Action::ProtectArticle | Action::Moderate | Action::ViewStaffLog => role_only(STAFF),
            Action::ModerateIn { in_scope } => match role {
                Role::Admin => Decision::Allow,
                Role::Moderator if in_scope => Decision::Allow,
                Role::Moderator => deny(DenyReason::OutOfScope),
                _ => deny(DenyReason::RoleRequired { roles: STAFF }),
            },
            Action::Sanction { target } => {
                if !STAFF.contains(&role) {
                    return deny(DenyReason::RoleRequired { roles: STAFF });
                }
                if target.own {
                    return deny(DenyReason::OwnAccount);
                }
                if role != Role::Admin && staff_rank(target.role) >= staff_rank(role) {
                    return deny(DenyReason::HigherRank);
                }
                Decision::Allow
            }
            Action::SetStanding { target, new_rank } => {
                if !STANDING.contains(&role) {
                    return deny(DenyReason::RoleRequired { roles: STANDING });
                }
                if target.own {
                    return deny(DenyReason::OwnAccount);
                }
                if role == Role::Admin {
                    return Decision::Allow;
                }
                let own_rank = self.rank(certificate);
                if staff_rank(target.role) >= staff_rank(role) || target.certificate_rank >= own_rank {
                    return deny(DenyReason::HigherRank);
                }
                if new_rank.is_some_and(|r| r >= own_rank) {
                    return deny(DenyReason::CertificateAboveOwn);
                }
                Decision::Allow
            }
            Action::SetRole { target } => {
                if role != Role::Admin {
                    return deny(DenyReason::RoleRequired { roles: ADMIN });
                }
                if target.own {
                    return deny(DenyReason::OwnAccount);
                }
                Decision::Allow
            }
            Action::ManageStanding => role_only(STANDING),
            Action::ManageRoles | Action::ManageCategories | Action::ViewMailQueue | Action::ManageSearch => {
                role_only(ADMIN)
            }
            Action::Post => Decision::Allow,
            Action::ReplyToClosedTopic => {
                if role.is_content_staff() {
                    Decision::Allow
                } else {
                    deny(DenyReason::TopicClosed)
                }
            }
            Action::EditPost { own: true }
            | Action::DeletePost { own: true }
            | Action::MarkSolution { topic_author: true } => Decision::Allow,
            Action::EditPost { own: false }
            | Action::DeletePost { own: false }
            | Action::SeeDeletedPosts
            | Action::MarkSolution { topic_author: false } => role_only(STAFF),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy::from_config(&Config::default())
    }

    fn member(certificate: &str, bl: i32) -> Actor<'_> {
        Actor::Member { role: Role::Member, certificate, bl, silenced_until: None, email_verified: true }
    }

    const WIKI_WRITES: [Action; 4] =
        [Action::CreateArticle, Action::EditArticle, Action::RenameArticle, Action::RevertArticle];

    #[test]
    fn anonymous_is_asked_to_sign_in_for_everything() {
        let p = policy();
        for action in WIKI_WRITES.into_iter().chain([Action::ReviewProposals, Action::Moderate]) {
            match p.decide(&Actor::Anonymous, action) {
                Decision::Deny(Denial { reason: DenyReason::SignInRequired, .. }) => {}
                other => panic!("{action:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn certificate_at_the_bar_with_bl_above_edits() {
        let p = policy();
        for action in WIKI_WRITES.into_iter().chain([Action::ReviewProposals]) {
            assert_eq!(p.decide(&member("personal", 11), action), Decision::Allow, "{action:?}");
            assert_eq!(p.decide(&member("merchant", 11), action), Decision::Allow, "{action:?}");
            assert_eq!(p.decide(&member("operator", 10_000), action), Decision::Allow);
        }
    }

    #[test]
    fn one_rank_below_the_bar_proposes() {
        let p = policy();
        for action in WIKI_WRITES {
            match p.decide(&member("initial", 5000), action) {
                Decision::Propose(d) => assert_eq!(
                    d.reason,
                    DenyReason::BelowBar {
                        needed_certificate: "personal".into(),
                        needed_bl_above: 10,
                        has_certificate: "initial".into(),
                        has_bl: 5000
                    }
                ),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(p.decide(&member("initial", 5000), Action::ReviewProposals), Decision::Deny(_)));
    }

    #[test]
    fn bl_ten_is_not_above_ten() {
        let p = policy();
        assert!(matches!(p.decide(&member("personal", 10), Action::EditArticle), Decision::Propose(_)));
        assert_eq!(p.decide(&member("personal", 11), Action::EditArticle), Decision::Allow);
        assert!(matches!(p.decide(&member("personal", 10), Action::ReviewProposals), Decision::Deny(_)));
    }

    #[test]
    fn unknown_certificate_counts_as_lowest() {
        let p = policy();
        assert!(matches!(p.decide(&member("no-such-level", 9999), Action::EditArticle), Decision::Propose(_)));
    }

    #[test]
    fn content_staff_edit_and_moderate_registrars_manage_standing() {
        let p = policy();
        let staff =
            |role| Actor::Member { role, certificate: "alias", bl: 0, silenced_until: None, email_verified: true };
        for role in [Role::Moderator, Role::Admin] {
            assert_eq!(p.decide(&staff(role), Action::EditArticle), Decision::Allow);
            assert_eq!(p.decide(&staff(role), Action::Moderate), Decision::Allow);
            assert_eq!(p.decide(&staff(role), Action::ProtectArticle), Decision::Allow);
        }
        assert!(matches!(p.decide(&staff(Role::Registrar), Action::Moderate), Decision::Deny(_)));
        assert!(matches!(p.decide(&staff(Role::Registrar), Action::EditArticle), Decision::Propose(_)));
        assert_eq!(p.decide(&staff(Role::Registrar), Action::ManageStanding), Decision::Allow);
        assert_eq!(p.decide(&staff(Role::Admin), Action::ManageStanding), Decision::Allow);
        assert!(matches!(p.decide(&staff(Role::Moderator), Action::ManageStanding), Decision::Deny(_)));
        assert_eq!(p.decide(&staff(Role::Admin), Action::ManageRoles), Decision::Allow);
        assert!(matches!(p.decide(&staff(Role::Registrar), Action::ManageRoles), Decision::Deny(_)));
        assert!(matches!(p.decide(&member("operator", 10_000), Action::Moderate), Decision::Deny(_)));
    }

    #[test]
    fn forum_ownership_rules() {
        let p = policy();
        let m = member("alias", 0);
        let moderator = Actor::Member {
            role: Role::Moderator,
            certificate: "alias",
            bl: 0,
            silenced_until: None,
            email_verified: true,
        };
        assert_eq!(p.decide(&m, Action::Post), Decision::Allow);
        assert!(matches!(p.decide(&Actor::Anonymous, Action::Post), Decision::Deny(_)));
        assert_eq!(p.decide(&m, Action::EditPost { own: true }), Decision::Allow);
        assert!(matches!(p.decide(&m, Action::EditPost { own: false }), Decision::Deny(_)));
        assert_eq!(p.decide(&moderator, Action::EditPost { own: false }), Decision::Allow);
        assert!(matches!(p.decide(&m, Action::MarkSolution { topic_author: false }), Decision::Deny(_)));
        assert_eq!(p.decide(&m, Action::MarkSolution { topic_author: true }), Decision::Allow);
        assert!(matches!(p.decide(&m, Action::ReplyToClosedTopic), Decision::Deny(_)));
        assert!(matches!(p.decide(&moderator, Action::ManageCategories), Decision::Deny(_)));
        assert!(matches!(p.decide(&m, Action::SeeDeletedPosts), Decision::Deny(_)));
    }

    #[test]
    fn silenced_members_cannot_write() {
        let p = policy();
        let until = crate::util::now() + time::Duration::days(3);
        let silenced = Actor::Member {
            role: Role::Member,
            certificate: "personal",
            bl: 50,
            silenced_until: Some(until),
            email_verified: true,
        };
        for action in [Action::Post, Action::EditArticle, Action::CreateArticle, Action::EditPost { own: true }] {
            match p.decide(&silenced, action) {
                Decision::Deny(Denial { reason: DenyReason::Silenced { until: Some(u) }, .. }) => assert_eq!(u, until),
                other => panic!("{action:?}: {other:?}"),
            }
        }
        let forever = crate::util::now() + time::Duration::days(365 * 100);
        let silenced = Actor::Member {
            role: Role::Member,
            certificate: "personal",
            bl: 50,
            silenced_until: Some(forever),
            email_verified: true,
        };
        assert!(matches!(
            p.decide(&silenced, Action::Post),
            Decision::Deny(Denial { reason: DenyReason::Silenced { until: None }, .. })
        ));
    }

    #[test]
    fn moderators_limited_to_categories() {
        let p = policy();
        let m = Actor::Member {
            role: Role::Moderator,
            certificate: "alias",
            bl: 0,
            silenced_until: None,
            email_verified: true,
        };
        let a = Actor::Member {
            role: Role::Admin,
            certificate: "alias",
            bl: 0,
            silenced_until: None,
            email_verified: true,
        };
        assert_eq!(p.decide(&m, Action::ModerateIn { in_scope: true }), Decision::Allow);
        assert!(matches!(
            p.decide(&m, Action::ModerateIn { in_scope: false }),
            Decision::Deny(Denial { reason: DenyReason::OutOfScope, .. })
        ));
        assert_eq!(p.decide(&a, Action::ModerateIn { in_scope: false }), Decision::Allow);
        assert!(matches!(
            p.decide(&member("operator", 9999), Action::ModerateIn { in_scope: true }),
            Decision::Deny(_)
        ));
    }

    #[test]
    fn thresholds_come_from_config() {
        let c = Config { wiki_edit: Bar { certificate: "formal".into(), bl_above: 0 }, ..Config::default() };
        let p = Policy::from_config(&c);
        assert_eq!(p.decide(&member("formal", 1), Action::EditArticle), Decision::Allow);
        assert!(matches!(p.decide(&member("alias", 1), Action::EditArticle), Decision::Propose(_)));
        assert!(matches!(p.decide(&member("formal", 0), Action::EditArticle), Decision::Propose(_)));
    }

    fn staff(role: Role, certificate: &str) -> Actor<'_> {
        Actor::Member { role, certificate, bl: 0, silenced_until: None, email_verified: true }
    }

    fn subject(p: &Policy, own: bool, role: Role, certificate: &str) -> Subject {
        Subject { own, role, certificate_rank: p.rank(certificate) }
    }

    #[test]
    fn sanctions_only_downwards_and_never_on_oneself() {
        let p = policy();
        let moderator = staff(Role::Moderator, "alias");
        let admin = staff(Role::Admin, "alias");
        let on = |own, role| Action::Sanction { target: subject(&p, own, role, "alias") };
        assert!(p.allows(&moderator, on(false, Role::Member)));
        for role in [Role::Moderator, Role::Registrar, Role::Admin] {
            match p.decide(&moderator, on(false, role)) {
                Decision::Deny(Denial { reason: DenyReason::HigherRank, .. }) => {}
                other => panic!("{role:?}: {other:?}"),
            }
        }
        assert!(p.allows(&admin, on(false, Role::Admin)), "an admin acts on other admins");
        assert!(matches!(
            p.decide(&admin, on(true, Role::Admin)),
            Decision::Deny(Denial { reason: DenyReason::OwnAccount, .. })
        ));
        assert!(matches!(p.decide(&member("operator", 9999), on(false, Role::Member)), Decision::Deny(_)));
    }

    #[test]
    fn registrars_set_standing_only_below_their_own_rank() {
        let p = policy();
        let registrar = staff(Role::Registrar, "registrar");
        let set = |own, role, cert, new: Option<&str>| Action::SetStanding {
            target: subject(&p, own, role, cert),
            new_rank: new.map(|c| p.rank(c)),
        };
        assert!(p.allows(&registrar, set(false, Role::Member, "formal", Some("personal"))));
        assert!(p.allows(&registrar, set(false, Role::Member, "formal", None)), "BL");
        let refused = |a| match p.decide(&registrar, a) {
            Decision::Deny(d) => d.reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(set(true, Role::Registrar, "registrar", Some("operator"))), DenyReason::OwnAccount);
        assert_eq!(refused(set(false, Role::Member, "formal", Some("registrar"))), DenyReason::CertificateAboveOwn);
        assert_eq!(refused(set(false, Role::Member, "operator", Some("formal"))), DenyReason::HigherRank);
        assert_eq!(refused(set(false, Role::Admin, "alias", None)), DenyReason::HigherRank);
        assert_eq!(refused(set(false, Role::Moderator, "alias", None)), DenyReason::HigherRank);
        let admin = staff(Role::Admin, "alias");
        assert!(p.allows(&admin, set(false, Role::Member, "alias", Some("operator"))));
        assert!(!p.allows(&admin, set(true, Role::Admin, "alias", Some("operator"))));
        assert!(!p.allows(&staff(Role::Moderator, "operator"), set(false, Role::Member, "alias", None)));
    }

    #[test]
    fn only_admins_change_roles_and_not_their_own() {
        let p = policy();
        let target = |own| Action::SetRole { target: subject(&p, own, Role::Member, "alias") };
        assert!(p.allows(&staff(Role::Admin, "alias"), target(false)));
        assert!(!p.allows(&staff(Role::Admin, "alias"), target(true)));
        assert!(!p.allows(&staff(Role::Registrar, "operator"), target(false)));
    }

    #[test]
    fn refusals_name_what_they_are() {
        let p = policy();
        let m = member("personal", 50);
        assert_eq!(
            p.decide(&m, Action::ReplyToClosedTopic),
            Decision::Deny(Denial { action: Action::ReplyToClosedTopic, reason: DenyReason::TopicClosed })
        );
        assert_eq!(
            p.decide(&m, Action::EditProtectedArticle),
            Decision::Deny(Denial { action: Action::EditProtectedArticle, reason: DenyReason::Protected })
        );
        assert!(matches!(Decision::Allow.require(), Ok(())));
        assert!(matches!(p.decide(&m, Action::Moderate).require(), Err(AppError::Forbidden(_))));
    }
}
