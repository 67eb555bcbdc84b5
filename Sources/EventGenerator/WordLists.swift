/// The fixed word lists every generated name is built from.
///
/// Kept in one place and never shuffled in place: changing a list changes every generated stream,
/// so edit them only together with the tests' expectations. All entries are lowercase ASCII
/// without characters that JSON would escape.
enum WordLists {
    /// Organisation names, in the order `organisations` takes them ("acme" first).
    static let organisations = [
        "acme", "globex", "initech", "umbrella", "hooli", "vandelay", "soylent", "wonka", "cyberdyne",
        "tyrell", "waynetech", "starkind", "oscorp", "aperture", "massive", "gringotts", "dunder",
        "piedpiper", "monarch", "duff", "gekko", "virtucon", "nakatomi", "weyland", "blackmesa",
        "sirius", "bluth", "prestige", "krusty", "spacely",
    ]

    /// Hours each organisation's clock is ahead of UTC, cycled (New York, Berlin, San Francisco,
    /// Tokyo, London, Karachi, São Paulo, Athens, Sydney, Chicago).
    static let utcOffsets = [-5, 1, -8, 9, 0, 5, -3, 2, 10, -6]

    /// First words of repository names: business domains and components.
    static let repoHeads = [
        "payments", "billing", "checkout", "cart", "orders", "inventory", "catalog", "search", "auth",
        "identity", "users", "accounts", "profile", "notifications", "email", "sms", "web", "mobile",
        "frontend", "backend", "api", "gateway", "edge", "admin", "dashboard", "reporting", "analytics",
        "metrics", "logging", "tracing", "monitoring", "alerts", "scheduler", "jobs", "queue", "events",
        "stream", "ingest", "etl", "data", "warehouse", "lake", "ml", "model", "inference", "training",
        "features", "recommender", "pricing", "shipping", "fulfillment", "tax", "invoice", "ledger",
        "fraud", "risk", "compliance", "audit", "docs", "blog", "cms", "media", "images", "video",
        "upload", "storage", "cache", "redis", "postgres", "mysql", "kafka", "nginx", "envoy", "proxy",
        "dns", "certs", "secrets", "vault", "config", "flags", "chat", "support", "helpdesk", "crm",
        "erp", "payroll", "maps", "geo", "location", "booking", "calendar", "partner", "vendor",
        "loyalty", "rewards", "coupons", "promo", "marketing", "seo", "ads", "tracking", "sync",
        "backup", "migration", "tools", "build", "runner", "base", "sdk", "portal", "store", "shop",
        "app", "core", "platform", "infra", "identity-provider", "image-resizer", "pdf", "ocr",
        "translation", "speech", "vision", "embeddings", "vector", "graph", "session", "cdn",
    ]

    /// Second words of repository names: what kind of component it is.
    static let repoTails = [
        "api", "service", "svc", "worker", "ui", "web", "frontend", "backend", "server", "client",
        "gateway", "db", "cache", "proxy", "job", "cron", "consumer", "producer", "exporter",
        "operator", "controller", "agent", "sidecar", "migrations", "tests", "e2e", "base", "runtime",
        "builder", "tools", "cli", "sdk", "lambda", "functions", "train", "serve", "batch", "stream",
        "sync", "admin", "internal", "public", "legacy", "v2", "next", "lite", "core", "engine",
        "bridge", "adapter", "scheduler", "indexer", "crawler", "importer", "renderer", "webhook",
    ]

    /// Third words of some repository names: variants and build flavours ("ml-train-gpu").
    static let repoVariants = [
        "gpu", "cpu", "alpine", "slim", "debian", "arm64", "amd64", "dev", "ci", "test", "staging",
        "prod", "eu", "us", "apac", "old", "new", "v2", "v3", "canary", "fips", "distroless",
    ]

    /// First names for human usernames.
    static let firstNames = [
        "james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "william",
        "elizabeth", "david", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah",
        "charles", "karen", "daniel", "nancy", "matthew", "lisa", "anthony", "betty", "mark", "sandra",
        "donald", "ashley", "steven", "kimberly", "paul", "emily", "andrew", "donna", "joshua",
        "michelle", "kenneth", "carol", "kevin", "amanda", "brian", "melissa", "george", "deborah",
        "timothy", "stephanie", "ronald", "rebecca", "jason", "laura", "edward", "sharon", "jeffrey",
        "cynthia", "ryan", "kathleen", "jacob", "amy", "gary", "angela", "nicholas", "anna", "eric",
        "brenda", "jonathan", "pamela", "stephen", "emma", "larry", "nicole", "justin", "helen",
        "scott", "samantha", "brandon", "katherine", "benjamin", "christine", "samuel", "rachel",
        "alex", "sam", "max", "leo", "noah", "liam", "mia", "sofia", "lucas", "elena", "marco", "giulia",
        "pierre", "camille", "hans", "katrin", "lars", "ingrid", "sven", "astrid", "pavel", "olga",
        "dmitri", "natasha", "piotr", "agnieszka", "jan", "eva", "tomas", "lucia", "diego", "carmen",
        "pablo", "isabel", "joao", "beatriz", "rafael", "ana", "wei", "li", "chen", "ming", "hiro",
        "yuki", "kenji", "aiko", "raj", "priya", "arjun", "ananya", "vikram", "deepa", "omar", "fatima",
        "ahmed", "layla", "yusuf", "amira", "kwame", "ama", "tunde", "ngozi", "sipho", "thandi",
        "mateo", "valentina", "nico", "chloe", "finn", "freya", "oskar", "maja", "emil", "ida",
    ]

    /// Family names for human usernames.
    static let lastNames = [
        "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
        "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor",
        "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez",
        "clark", "ramirez", "lewis", "robinson", "walker", "young", "allen", "king", "wright", "scott",
        "torres", "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall", "rivera",
        "campbell", "mitchell", "carter", "roberts", "muller", "schmidt", "schneider", "fischer",
        "weber", "meyer", "wagner", "becker", "schulz", "hoffmann", "rossi", "russo", "ferrari",
        "esposito", "bianchi", "romano", "colombo", "ricci", "dubois", "durand", "lefebvre", "moreau",
        "laurent", "simon", "michel", "leroy", "novak", "kowalski", "nowak", "wojcik", "ivanov",
        "petrov", "smirnov", "kuznetsov", "jensen", "nielsen", "hansen", "pedersen", "andersen",
        "larsen", "johansson", "karlsson", "nilsson", "eriksson", "silva", "santos", "oliveira",
        "souza", "costa", "pereira", "wang", "zhang", "liu", "yang", "huang", "zhao", "wu", "zhou",
        "sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "kim", "park", "choi",
        "patel", "sharma", "singh", "kumar", "gupta", "reddy", "khan", "ali", "hussain", "okafor",
        "mensah", "diallo", "mbeki", "otieno", "cohen", "levi", "murphy", "kelly", "obrien", "walsh",
    ]

    /// Suffixes some people add to a first name ("alexdev", "mariaops").
    static let userSuffixes = [
        "dev", "ops", "codes", "io", "hq", "x", "eng", "tech", "hacks", "builds", "cloud", "sys", "labs",
        "k8s", "py", "js", "go", "rs",
    ]

    /// CI and automation accounts of each organisation, busiest first; `{org}` is replaced by the
    /// organisation's name. The last entry is the retention bot that deletes old tags.
    static let bots = [
        "ci-bot", "github-actions", "jenkins-{org}", "{org}-release", "gitlab-runner", "renovate-bot",
        "buildkite-{org}", "argocd-{org}", "{org}-retention",
    ]

    /// Team names; an organisation takes the first few (more for larger organisations).
    static let teams = [
        "owners", "devs", "platform", "backend", "frontend", "sre", "data", "ml", "security", "qa",
        "mobile", "infra", "release", "admins", "web", "payments", "search", "growth", "analytics",
        "devops", "api", "core", "tools", "ci", "docs", "design", "support", "interns", "contractors",
        "research",
    ]

    /// Regions appended to team names once the plain list is used up ("platform-emea").
    static let teamRegions = ["emea", "amer", "apac", "berlin", "nyc", "remote"]

    /// Labels of organisation access tokens.
    static let tokenLabels = [
        "ci-pipeline", "github-actions", "jenkins", "gitlab-ci", "terraform", "argocd", "flux",
        "scanner", "trivy", "snyk", "backup", "audit-export", "k8s-pull", "staging-deploy",
        "prod-deploy", "buildkite", "circleci", "renovate", "local-dev", "monitoring", "harbor-sync",
        "mirror", "release", "datadog",
    ]

    /// Scope sets of organisation access tokens, as the event's `scopes` value.
    static let tokenScopes = [
        "repo:pull", "repo:pull,repo:push", "repo:pull,repo:push,repo:delete", "repo:admin",
        "audit-log:read", "repo:public_read", "repo:pull,audit-log:read",
    ]

    /// Organisation settings and the values each may be changed to.
    static let settings: [(name: String, values: [String])] = [
        ("default_repository_privacy", ["private", "public"]),
        ("image_access_management", ["enabled", "disabled"]),
        ("registry_access_management", ["enabled", "disabled"]),
        ("enforce_sso", ["true", "false"]),
        ("enforce_sign_in", ["true", "false"]),
        ("scim_provisioning", ["enabled", "disabled"]),
        ("two_factor_required", ["true", "false"]),
        ("docker_scout", ["enabled", "disabled"]),
    ]

    /// Organisation roles, for member additions and role changes.
    static let roles = ["member", "editor", "owner"]

    /// Plain tags that are not versions: branches and deployment stages.
    static let wordTags = [
        "main", "develop", "master", "staging", "stable", "prod", "production", "canary", "edge",
        "nightly", "dev", "beta", "rc", "test",
    ]
    /// Index of "main" in ``wordTags``.
    static let mainTag = 0
    /// Indices of the stage tags an existing image is promoted to ("stable", "prod", …).
    static let promotionTags = [3, 4, 5, 6, 7]

    /// Prefixes of branch tags ("feature-login").
    static let branchPrefixes = ["feature-", "fix-", "bugfix-", "chore-", "hotfix-"]
    /// Subjects of branch tags.
    static let branchTopics = [
        "login", "signup", "checkout", "cache", "logging", "metrics", "retry", "timeouts", "oauth",
        "sso", "search", "upload", "export", "import", "i18n", "darkmode", "perf", "deps", "ci",
        "docker", "alpine", "arm64", "healthcheck", "ratelimit", "pagination", "webhooks", "billing",
        "refactor", "cleanup", "tests",
    ]
}
