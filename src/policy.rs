//! Who may do what. Every permission question in Veche is answered by
//! [`Policy::decide`]; no other code compares certificate levels, BL or roles.

use std::fmt;

use crate::config::{Bar, CertificateLevel, Config};

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
    /// `silenced`: a moderator's sanction is in force: no posting or editing.
    Member {
        role: Role,
        certificate: &'a str,
        bl: i32,
        silenced: bool,
    },
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
    /// Set certificate level and BL of members.
    ManageStanding,
    ManageRoles,
    ViewStaffLog,
    /// Forum: open a topic, reply, like, bookmark.
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
    /// Read the text of deleted posts.
    SeeDeletedPosts,
    /// Mark a reply as the solution; `topic_author` when the actor opened the topic.
    MarkSolution {
        topic_author: bool,
    },
    ManageCategories,
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
            Action::ManageStanding => "action-manage-standing",
            Action::ManageRoles => "action-manage-roles",
            Action::ViewStaffLog => "action-view-staff-log",
            Action::Post => "action-post",
            Action::ReplyToClosedTopic => "action-reply-closed",
            Action::EditPost { .. } => "action-edit-post",
            Action::DeletePost { .. } => "action-delete-post",
            Action::SeeDeletedPosts => "action-see-deleted",
            Action::MarkSolution { .. } => "action-mark-solution",
            Action::ManageCategories => "action-manage-categories",
        }
    }

    fn english(self) -> &'static str {
        match self {
            Action::CreateArticle => "Creating guides",
            Action::EditArticle => "Editing guides",
            Action::RenameArticle => "Renaming guides",
            Action::RevertArticle => "Reverting guides",
            Action::ReviewProposals => "Reviewing proposed edits",
            Action::EditProtectedArticle => "Editing a protected guide",
            Action::ProtectArticle => "Protecting guides",
            Action::Moderate | Action::ModerateIn { .. } => "Moderating",
            Action::ManageStanding => "Setting certificate levels and BL",
            Action::ManageRoles => "Changing roles",
            Action::ViewStaffLog => "Reading the staff log",
            Action::Post => "Posting",
            Action::ReplyToClosedTopic => "Replying to a closed topic",
            Action::EditPost { .. } => "Editing this post",
            Action::DeletePost { .. } => "Deleting this post",
            Action::SeeDeletedPosts => "Reading deleted posts",
            Action::MarkSolution { .. } => "Marking the solution",
            Action::ManageCategories => "Managing categories",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// The member may submit, and it goes to the review queue.
    Propose(Denial),
    Deny(Denial),
}

/// Why an action is refused, with what it needs and what the actor has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub action: Action,
    pub reason: DenyReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DenyReason {
    SignInRequired,
    BelowBar { needed_certificate: String, needed_bl_above: i32, has_certificate: String, has_bl: i32 },
    RoleRequired { roles: &'static [Role] },
    Silenced,
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.action.english();
        match &self.reason {
            DenyReason::SignInRequired => write!(f, "{what} needs you to sign in."),
            DenyReason::BelowBar { needed_certificate, needed_bl_above, has_certificate, has_bl } => write!(
                f,
                "{what} needs a {needed_certificate} certificate or higher and BL above {needed_bl_above}. You have {has_certificate}, BL {has_bl}."
            ),
            DenyReason::RoleRequired { roles } => {
                let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
                write!(f, "{what} is for {} only.", names.join(" or "))
            }
            DenyReason::Silenced => {
                write!(f, "You are silenced: {} is not possible until it ends.", what.to_lowercase())
            }
        }
    }
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
    fn rank(&self, key: &str) -> i32 {
        self.ladder.iter().find(|l| l.key == key).map_or(i32::MIN, |l| l.rank)
    }

    fn meets(&self, bar: &Bar, certificate: &str, bl: i32) -> bool {
        self.rank(certificate) >= self.rank(&bar.certificate) && bl > bar.bl_above
    }

    /// The one answer to "may this actor do this?".
    pub fn decide(&self, actor: &Actor<'_>, action: Action) -> Decision {
        let deny = |reason| Decision::Deny(Denial { action, reason });
        let Actor::Member { role, certificate, bl, silenced } = *actor else {
            return deny(DenyReason::SignInRequired);
        };
        let writes = matches!(
            action,
            Action::Post
                | Action::CreateArticle
                | Action::EditArticle
                | Action::RenameArticle
                | Action::RevertArticle
                | Action::EditPost { .. }
        );
        if silenced && writes {
            return deny(DenyReason::Silenced);
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
            Action::EditProtectedArticle | Action::ProtectArticle | Action::Moderate | Action::ViewStaffLog => {
                role_only(STAFF)
            }
            Action::ModerateIn { in_scope } => match role {
                Role::Admin => Decision::Allow,
                Role::Moderator if in_scope => Decision::Allow,
                _ => deny(DenyReason::RoleRequired { roles: STAFF }),
            },
            Action::ManageStanding => role_only(STANDING),
            Action::ManageRoles | Action::ManageCategories => role_only(ADMIN),
            Action::Post => Decision::Allow,
            Action::EditPost { own: true }
            | Action::DeletePost { own: true }
            | Action::MarkSolution { topic_author: true } => Decision::Allow,
            Action::ReplyToClosedTopic
            | Action::EditPost { own: false }
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
        Actor::Member { role: Role::Member, certificate, bl, silenced: false }
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
                    d.to_string().split(" needs ").nth(1).unwrap_or_default(),
                    "a personal certificate or higher and BL above 10. You have initial, BL 5000."
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
    fn denial_reads_in_plain_words() {
        let p = policy();
        let Decision::Propose(d) = p.decide(&member("formal", 3), Action::EditArticle) else {
            panic!("expected a proposal path");
        };
        assert_eq!(
            d.to_string(),
            "Editing guides needs a personal certificate or higher and BL above 10. You have formal, BL 3."
        );
    }

    #[test]
    fn unknown_certificate_counts_as_lowest() {
        let p = policy();
        assert!(matches!(p.decide(&member("no-such-level", 9999), Action::EditArticle), Decision::Propose(_)));
    }

    #[test]
    fn content_staff_edit_and_moderate_registrars_manage_standing() {
        let p = policy();
        let staff = |role| Actor::Member { role, certificate: "alias", bl: 0, silenced: false };
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
        let moderator = Actor::Member { role: Role::Moderator, certificate: "alias", bl: 0, silenced: false };
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
        let silenced = Actor::Member { role: Role::Member, certificate: "personal", bl: 50, silenced: true };
        for action in [Action::Post, Action::EditArticle, Action::CreateArticle, Action::EditPost { own: true }] {
            match p.decide(&silenced, action) {
                Decision::Deny(Denial { reason: DenyReason::Silenced, .. }) => {}
                other => panic!("{action:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn moderators_limited_to_categories() {
        let p = policy();
        let m = Actor::Member { role: Role::Moderator, certificate: "alias", bl: 0, silenced: false };
        let a = Actor::Member { role: Role::Admin, certificate: "alias", bl: 0, silenced: false };
        assert_eq!(p.decide(&m, Action::ModerateIn { in_scope: true }), Decision::Allow);
        assert!(matches!(p.decide(&m, Action::ModerateIn { in_scope: false }), Decision::Deny(_)));
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
}
