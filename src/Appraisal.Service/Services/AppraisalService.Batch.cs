using System.Diagnostics;
using Appraisal.Ledger.Recording;
using Appraisal.Service.Recording;
using Appraisal.Service.V1;
using Grpc.Core;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service.Services;

/// <summary>
/// <c>EvaluateBatchStream</c>: several fact sets per message. The fields a message's items share are checked and the
/// policy resolved once per message (<see cref="Target"/>); each item then goes through the same evaluation as
/// <c>Evaluate</c> (the item's own part of <c>Answer</c>, through the core, on the policy's tiered evaluator),
/// counted and timed per item like every evaluation; a span per message, tagged with its policy (never facts or ids).
/// </summary>
public sealed partial class AppraisalService
{
    /// <summary>The most items one message of <c>EvaluateBatchStream</c> may carry; more is INVALID_ARGUMENT on <c>items</c>.</summary>
    public const int MaxBatchItems = 1000;

    public override async Task EvaluateBatchStream(IAsyncStreamReader<EvaluateBatchRequest> requestStream,
        IServerStreamWriter<EvaluateBatchReply> responseStream, ServerCallContext context)
    {
        // One message at a time, as EvaluateStream: HTTP/2 flow control holds back a caller that writes faster than it reads.
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            using var span = ServiceTelemetry.Source.StartActivity("appraisal.v1.Appraisal/EvaluateBatchStream message"); // tagged with its policy
            var reply = new EvaluateBatchReply { BatchId = message.BatchId };
            try
            {
                await EvaluateBatch(message, reply, context.CancellationToken);
            }
            catch (RpcException e) // the message failed as a whole; the stream goes on
            {
                reply.Items.Clear();
                reply.Error = Errors.From(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var status = Failures.Internal(logger, context.Method, e);
                reply.Items.Clear();
                reply.Error = new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
            }
            await responseStream.WriteAsync(reply, context.CancellationToken);
        }
    }

    private async Task EvaluateBatch(EvaluateBatchRequest message, EvaluateBatchReply reply, CancellationToken cancellationToken)
    {
        var language = LanguageOf(message.Language);
        EvaluationTarget target;
        var started = Stopwatch.GetTimestamp();
        try
        {
            IdField("batch_id", message.BatchId, language);
            if (message.Record)
                throw Errors.InvalidField("record", language == Lang.Zh
                    ? "批量求值不记录结果：需要记录时请用 Evaluate 或 EvaluateStream"
                    : "a batch is never recorded: record with Evaluate or EvaluateStream").ToException();
            if (message.Items.Count > MaxBatchItems)
                throw Errors.InvalidField("items", language == Lang.Zh
                    ? $"每条消息最多 {MaxBatchItems} 项，实际为 {message.Items.Count} 项"
                    : $"at most {MaxBatchItems} items per message, found {message.Items.Count}").ToException();
            target = Target(message.PolicyId, message.Version, message.Period, language);
        }
        catch (RpcException e)
        {
            ServiceTelemetry.Refused(ServiceTelemetry.UnknownPolicy, e.StatusCode, started);
            throw;
        }
        ServiceTelemetry.TagPolicy(target.Entry.Id, target.Version.Hash);

        var detail = Detail(message.Explanation);
        var publication = publications?.OfBasis(target.Basis) is { } found ? ToProto(found) : null;
        var items = message.Items;
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = items[i];
            var answer = new EvaluateBatchItemReply { Id = item.Id };
            try
            {
                answer.Reply = await ServiceTelemetry.MeasureEvaluation(resolved => EvaluateItem(target, item, detail, language, publication, resolved, cancellationToken));
            }
            catch (RpcException e) // fails only its own answer
            {
                answer.Error = Errors.From(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var status = Failures.Internal(logger, "appraisal.v1.Appraisal/EvaluateBatchStream", e);
                answer.Error = new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
            }
            reply.Items.Add(answer);
        }
    }

    /// <summary>One item: its own fields checked as Evaluate checks them, then evaluated against the message's target.</summary>
    private async Task<EvaluateReply> EvaluateItem(EvaluationTarget target, EvaluateBatchItem item, ExplanationDetail detail,
        Lang language, V1.Publication? publication, Action<string, string> resolved, CancellationToken cancellationToken)
    {
        resolved(target.Entry.Id, target.Version.Hash);
        IdField("id", item.Id, language);
        IdField("subject_id", item.SubjectId, language);
        var given = Given(target.Version.Plan, item.EarlierPeriods, language);
        var facts = item.FactsCase switch
        {
            EvaluateBatchItem.FactsOneofCase.FactsJson => new SentFacts(item.FactsJson),
            EvaluateBatchItem.FactsOneofCase.FactsStruct => FromStruct(item.FactsStruct, language, record: false),
            _ => throw Errors.InvalidField("facts", "facts (facts_json or facts_struct) are required").ToException(),
        };
        var answer = await Answer(target, facts, item.SubjectId, given, detail, language, record: false, requestId: "", cancellationToken);
        var reply = Recorder.Reply(answer);
        if (publication is not null && reply.VersionBasis == target.Basis) reply.Publication = publication;
        else if (publications?.OfBasis(reply.VersionBasis) is { } other) reply.Publication = ToProto(other);
        return reply;
    }
}
