// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hubaudit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hubaudit", targets: ["hubaudit"]),
        .library(name: "AuditModel", targets: ["AuditModel"]),
        .library(name: "SegmentStore", targets: ["SegmentStore"]),
        .library(name: "EventImport", targets: ["EventImport"]),
        .library(name: "EventGenerator", targets: ["EventGenerator"]),
        .library(name: "AuditQuery", targets: ["AuditQuery"]),
        .library(name: "HTTPClient", targets: ["HTTPClient"]),
        .library(name: "AuditOutput", targets: ["AuditOutput"]),
        .library(name: "HubAPI", targets: ["HubAPI"]),
        .library(name: "HubEmulator", targets: ["HubEmulator"]),
        .library(name: "Collector", targets: ["Collector"]),
        .library(name: "AuditExport", targets: ["AuditExport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Zlib", dependencies: ["CZlib"]),
        .target(name: "AuditModel"),
        .target(
            name: "SegmentStore",
            dependencies: ["AuditModel", "Zlib", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "EventImport", dependencies: ["AuditModel", "SegmentStore", "Zlib"]),
        .target(name: "EventGenerator", dependencies: ["AuditModel"]),
        .target(name: "AuditOutput", dependencies: ["AuditModel"]),
        .target(name: "AuditQuery", dependencies: ["AuditModel", "AuditOutput", "SegmentStore"]),
        // libcurl's few declarations, in its own header (no libcurl4-openssl-dev needed); the
        // library is loaded with dlopen at the first request, so it is deliberately not linked.
        .target(name: "CCurl"),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        .target(name: "HubAPI", dependencies: ["AuditModel", "HTTPClient"]),
        .target(
            name: "HubEmulator",
            dependencies: [
                "AuditModel", "EventGenerator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "Collector", dependencies: ["AuditModel", "AuditOutput", "HubAPI", "SegmentStore"]),
        .target(name: "AuditExport", dependencies: ["AuditModel", "AuditOutput", "SegmentStore", "AuditQuery", "HTTPClient", "Zlib"]),
        .executableTarget(
            name: "hubaudit",
            dependencies: [
                "AuditModel", "SegmentStore", "EventImport", "EventGenerator", "AuditQuery", "HubAPI", "HubEmulator",
                "Collector", "AuditOutput", "AuditExport", "HTTPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["AuditModel"], path: "Tests/TestSupport"),
        .testTarget(name: "ZlibTests", dependencies: ["Zlib"]),
        .testTarget(name: "AuditModelTests", dependencies: ["TestSupport", "AuditModel"]),
        .testTarget(name: "SegmentStoreTests", dependencies: ["TestSupport", "SegmentStore", "EventGenerator", "AuditModel"]),
        .testTarget(name: "EventImportTests", dependencies: ["TestSupport", "EventImport", "SegmentStore", "EventGenerator"]),
        .testTarget(name: "EventGeneratorTests", dependencies: ["EventGenerator", "AuditModel"]),
        .testTarget(name: "AuditQueryTests", dependencies: ["TestSupport", "AuditQuery", "AuditOutput", "SegmentStore", "EventGenerator", "AuditModel"]),
        .testTarget(name: "AuditOutputTests", dependencies: ["TestSupport", "AuditOutput", "AuditModel"]),
        .testTarget(
            name: "HTTPTransportTests",
            dependencies: [
                "TestSupport", "HTTPClient", "HubAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "SyncTests", dependencies: ["TestSupport", "HubAPI", "HubEmulator", "Collector", "SegmentStore", "EventGenerator", "AuditModel"]),
        .testTarget(
            name: "AuditExportTests",
            dependencies: [
                "TestSupport", "AuditExport", "AuditOutput", "AuditQuery", "SegmentStore", "EventGenerator", "AuditModel", "HTTPClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "hubaudit", "AuditModel", "SegmentStore", "Zlib"]),
        .testTarget(name: "EngineTests", dependencies: ["TestSupport", "hubaudit"]),
    ],
    swiftLanguageModes: [.v6]
)
