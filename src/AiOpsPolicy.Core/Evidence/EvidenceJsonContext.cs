// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Source-generated serializers for the evidence records: no reflection at load time, so loading a
/// million records costs parsing, not metadata discovery.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(StrictDateTimeOffsetConverter), typeof(NullableStrictDateTimeOffsetConverter), typeof(PooledStringConverter)])]
[JsonSerializable(typeof(WorkflowRun))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(TransactionVolume))]
[JsonSerializable(typeof(ConnectorCheck))]
[JsonSerializable(typeof(FreshnessMeasurement))]
[JsonSerializable(typeof(ValueLine))]
[JsonSerializable(typeof(CaseEffort))]
[JsonSerializable(typeof(DailyThroughput))]
[JsonSerializable(typeof(ModelEvaluation))]
[JsonSerializable(typeof(ControlExecution))]
[JsonSerializable(typeof(MonitoringCheck))]
[JsonSerializable(typeof(MonitoringAlert))]
[JsonSerializable(typeof(Pilot))]
[JsonSerializable(typeof(Change))]
[JsonSerializable(typeof(AgentRun))]
[JsonSerializable(typeof(WorkflowRunCount))]
internal sealed partial class EvidenceJsonContext : JsonSerializerContext;
