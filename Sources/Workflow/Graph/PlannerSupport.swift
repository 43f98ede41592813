import Foundation
import Market

extension WorkflowPlanner {
    /// The `data:` section as a ``DataPlan``.
    static func dataPlan(_ section: DataSection) throws -> DataPlan {
        guard let symbols = section.symbols, !symbols.isEmpty else {
            throw section.node.error("data needs symbols, e.g. symbols: [\"AAPL\"]")
        }
        let source: DataPlan.Source
        switch section.effectiveSource {
        case .directory:
            source = .directory(path: section.effectivePath, timeframe: section.timeframe)
        case .csv:
            guard let files = section.files, !files.isEmpty else {
                throw section.node.error("source: csv needs files: {SYMBOL: path, …}")
            }
            source = .files(files.map { (symbol: $0.key, path: $0.value) })
        case .synthetic:
            var config = SyntheticMarketConfig.default
            if let synthetic = section.synthetic {
                if let bars = synthetic.bars { config.bars = bars }
                if let seed = synthetic.seed { config.seed = seed }
                if let correlation = synthetic.correlation { config.correlation = correlation }
                if let seconds = synthetic.barSeconds { config.barSeconds = Int64(seconds) }
                if let regimes = synthetic.regimes {
                    guard regimes >= 1, regimes <= 4 else {
                        throw (synthetic.node.child("regimes") ?? synthetic.node).error("regimes must be between 1 and 4")
                    }
                    config.regimes = Array([RegimeSpec.calm, RegimeSpec.turbulent, RegimeSpec.calm, RegimeSpec.turbulent].prefix(regimes))
                    config.transition = nil
                }
            }
            if let start = section.startDate { config.start = start.epochSeconds }
            source = .synthetic(config)
        }
        let split: DataSplit
        switch section.effectiveSplit {
        case .trainRatio(let ratio): split = .ratio(ratio)
        case .testStart(let date): split = .date(date.epochSeconds)
        }
        return DataPlan(symbols: symbols, source: source, start: section.startDate?.epochSeconds,
                        end: section.endDate?.epochSeconds, split: split, dropInvalidRows: section.shouldDropInvalidRows,
                        aliases: (section.aliases ?? [:]).map { SymbolAlias(symbol: $0.key, fileSymbol: $0.value) })
    }

    /// Every symbol has a file (or is generated).
    static func checkAvailability(_ plan: DataPlan, section: DataSection) throws {
        let node = section.node.child("symbols") ?? section.node
        switch plan.source {
        case .directory(let path, let timeframe):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw (section.node.child("path") ?? section.node).error(
                    "data directory '\(path)' does not exist (relative paths are read from the current directory)")
            }
            let directory = DataDirectory(path: path)
            for symbol in plan.symbols {
                do {
                    _ = try directory.resolve(symbol: plan.fileSymbol(for: symbol), timeframe: timeframe)
                } catch {
                    let aliased = plan.fileSymbol(for: symbol)
                    throw (aliased == symbol ? node : section.node.child("aliases") ?? node).error(
                        aliased == symbol ? "\(error)" : "\(symbol) is read from \(aliased)'s file (data.aliases): \(error)")
                }
            }
        case .files(let files):
            for (symbol, file) in files where !FileManager.default.isReadableFile(atPath: file) {
                throw (section.node.child("files") ?? section.node).error("data file '\(file)' for \(symbol) cannot be read")
            }
        case .synthetic(let config):
            do {
                _ = try config.transitionMatrix()
            } catch {
                throw (section.node.child("synthetic") ?? section.node).error("\(error)")
            }
        }
    }
}

/// Worker threads, memory limit and priority of a phase, from the config's resource settings.
enum Resources {
    struct Resolved {
        var workers: Int
        var memoryLimitBytes: Int64?
        var priority: ResourcePriority
        /// `memory_per_container`: the limit of each worker process (``ProcessExecutor``).
        var memoryPerWorkerBytes: Int64? = nil
    }

    /// The rules (documented in the README):
    /// - workers: `infrastructure.phase_resources.<phase>.max_workers`, else
    ///   `resource_management.phase_resources.<phase>`: `max_containers × cpu_per_container`
    ///   (or `max_containers`), else the phase's `container_count`, else every core; then capped
    ///   by `global_limits.max_total_cpu_cores` and `max_concurrent_containers`, by the machine's
    ///   cores and by `--workers`.
    /// - memory: `infrastructure…memory_limit_gb`, else `memory_per_container × workers`; capped
    ///   by `global_limits.max_total_memory_gb`.
    /// - priority: infrastructure's, else resource_management's, else medium.
    static func resolve(spec: PhaseSpec, document: WorkflowDocument, cap: Int?) throws -> Resolved {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let infrastructure = document.infrastructure?.phaseResources[spec.name]
        let managed = document.workflow.resourceManagement?.phaseResources[spec.name]
        let limits = document.workflow.resourceManagement?.globalLimits
        var workers: Int
        if let max = infrastructure?.maxWorkers {
            workers = max
        } else if let containers = managed?.maxContainers {
            workers = managed?.cpuPerContainer.map { Int((Double(containers) * $0).rounded(.down)) } ?? containers
        } else if let count = spec.containerCount {
            workers = count
        } else {
            workers = cores
        }
        if let total = limits?.maxTotalCPUCores { workers = min(workers, Int(total.rounded(.down))) }
        if let containers = limits?.maxConcurrentContainers { workers = min(workers, containers) }
        workers = max(1, min(workers, cores, cap ?? Int.max))
        var memory: Int64?
        if let gb = infrastructure?.memoryLimitGB {
            memory = Int64(gb * 1_000_000_000)
        } else if let perContainer = managed?.memoryPerContainer {
            memory = perContainer * Int64(workers)
        }
        if let total = limits?.maxTotalMemoryGB {
            let cap = Int64(total * 1_000_000_000)
            memory = min(memory ?? cap, cap)
        }
        let priority = infrastructure?.priority ?? managed?.priority ?? .medium
        return Resolved(workers: workers, memoryLimitBytes: memory, priority: priority, memoryPerWorkerBytes: managed?.memoryPerContainer)
    }
}
