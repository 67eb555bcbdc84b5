/// The audit actions the generator produces, with the Hub's action names.
///
/// Internal and compact (one byte per pending event); ``EventGenerator/actionNames`` exposes the
/// names for tests and documentation.
enum GeneratedAction: UInt8, CaseIterable, Sendable {
    case tagPush, tagDelete, repoCreate, repoDelete, repoPrivacy
    case teamCreate, teamDelete, teamMemberAdd, teamMemberRemove, teamMemberInvite
    case orgMemberAdd, orgMemberRemove, orgMemberRoleChange
    case tokenCreate, tokenDelete, settingsUpdate

    /// The `action` field, `GROUP.NAME` as the Hub spells it.
    var name: StaticString {
        switch self {
        case .tagPush: "repo.tag.push"
        case .tagDelete: "repo.tag.delete"
        case .repoCreate: "repo.create"
        case .repoDelete: "repo.delete"
        case .repoPrivacy: "repo.change_privacy"
        case .teamCreate: "team.create"
        case .teamDelete: "team.delete"
        case .teamMemberAdd: "team.member.add"
        case .teamMemberRemove: "team.member.remove"
        case .teamMemberInvite: "team.member.invite"
        case .orgMemberAdd: "org.member.add"
        case .orgMemberRemove: "org.member.remove"
        case .orgMemberRoleChange: "org.member.role.change"
        case .tokenCreate: "org.access_token.create"
        case .tokenDelete: "org.access_token.delete"
        case .settingsUpdate: "org.settings.update"
        }
    }

    /// What the `name` field holds for this action.
    var subject: Subject {
        switch self {
        case .tagPush, .tagDelete, .repoCreate, .repoDelete, .repoPrivacy: .repository
        case .teamMemberAdd, .teamMemberRemove, .teamMemberInvite,
             .orgMemberAdd, .orgMemberRemove, .orgMemberRoleChange: .member
        case .teamCreate, .teamDelete, .tokenCreate, .tokenDelete, .settingsUpdate: .organisation
        }
    }

    /// The `data` keys this action carries, sorted as the canonical encoding writes them; `nil`
    /// for actions the Hub reports without `data` (repository creation and deletion, member removal).
    var dataKeys: [DataKey]? {
        switch self {
        case .tagPush: [.digest, .tag]
        case .tagDelete: [.tag]
        case .repoCreate, .repoDelete, .orgMemberRemove: nil
        case .repoPrivacy: [.privacy]
        case .teamCreate, .teamDelete, .teamMemberAdd, .teamMemberRemove, .teamMemberInvite: [.team]
        case .orgMemberAdd, .orgMemberRoleChange: [.role]
        case .tokenCreate: [.scopes, .tokenLabel]
        case .tokenDelete: [.tokenLabel]
        case .settingsUpdate: [.setting, .value]
        }
    }

    /// What an event's `name` names.
    enum Subject {
        /// The repository, "acme/web".
        case repository
        /// The member's username.
        case member
        /// The organisation itself.
        case organisation
    }

    /// The `data` keys the generator uses.
    enum DataKey: CaseIterable {
        case digest, tag, privacy, team, role, scopes, tokenLabel, setting, value

        /// The key as it appears in JSON.
        var name: StaticString {
            switch self {
            case .digest: "digest"
            case .tag: "tag"
            case .privacy: "privacy"
            case .team: "team"
            case .role: "role"
            case .scopes: "scopes"
            case .tokenLabel: "token_label"
            case .setting: "setting"
            case .value: "value"
            }
        }
    }
}
