// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Testing;

/// <summary>Small policy documents the tests of several projects build on.</summary>
public static class SamplePolicies
{
    /// <summary>A valid workflow: <c>triage</c>, with one step, <c>inference</c>, on the <c>model</c> system.</summary>
    public const string Workflow = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: triage
        spec:
          systems: [zendesk, model]
          sla:
            time: 1h
            quality: ok
          steps:
            - name: inference
              system: model
              sla:
                time: 30s
        """;

    /// <summary>
    /// A workflow whose SLA time is not a duration ("5 hours"): AOP2004 at line 9, column 11, the one
    /// error CLI and report tests locate.
    /// </summary>
    public const string WorkflowWithBadDuration = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: ticket-triage
        spec:
          trigger: zendesk
          systems: [zendesk]
          sla:
            time: 5 hours
            quality: ok
            target: 95%
          steps:
            - name: ingestion

        """;
}
