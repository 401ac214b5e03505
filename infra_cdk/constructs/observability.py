"""Alarms that page (to one SNS topic operators subscribe to) and the one dashboard of the platform."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

API_5XX_PERCENT = 1  # of requests, over 5 minutes
FIVE_MINUTES = Duration.minutes(5)


class Observability(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        ingest_dead_letters: sqs.IQueue,
        api: apigw.HttpApi,
        functions: Mapping[str, lambda_.IFunction],
        target_group: elbv2.ApplicationTargetGroup,
        load_balancer: elbv2.ApplicationLoadBalancer,
        active_calls: cloudwatch.IMetric,
    ) -> None:
        super().__init__(scope, id)
        self.topic = sns.Topic(self, "Alarms", display_name="Vocadesk alarms", enforce_ssl=True)
        self.alarms: dict[str, cloudwatch.Alarm] = {}

        self._alarm(
            "IngestDeadLetters",
            ingest_dead_letters.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES, statistic="Maximum"),
            threshold=0,
            description="Call events in the ingest dead-letter queue: read their `reason`, fix, redrive",
        )
        requests = api.metric_count(period=FIVE_MINUTES, statistic="Sum")
        server_errors = api.metric_server_error(period=FIVE_MINUTES, statistic="Sum")
        api_5xx_rate = cloudwatch.MathExpression(
            expression="IF(requests > 0, 100 * errors / requests, 0)",
            using_metrics={"requests": requests, "errors": server_errors},
            label="API 5xx %",
            period=FIVE_MINUTES,
        )
        self._alarm("Api5xxRate", api_5xx_rate, threshold=API_5XX_PERCENT, description="HTTP API 5xx above 1%")
        self._alarm(
            "VoiceUnhealthyTasks",
            target_group.metrics.unhealthy_host_count(period=Duration.minutes(1), statistic="Maximum"),
            threshold=0,
            evaluation_periods=3,
            description="Voice runtime tasks failing /healthz for 3 minutes",
        )
        for name, function in functions.items():
            self._alarm(
                f"{_camel(name)}Errors",
                function.metric_errors(period=FIVE_MINUTES, statistic="Sum"),
                threshold=0,
                description=f"The {name} function raised (unhandled errors or timeouts)",
            )

        self.dashboard = cloudwatch.Dashboard(self, "Dashboard", default_interval=Duration.hours(3))
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(alarms=list(self.alarms.values()), title="Alarms", width=24),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(title="API requests and 5xx", left=[requests, server_errors], width=8),
            cloudwatch.GraphWidget(title="API 5xx %", left=[api_5xx_rate], width=8),
            cloudwatch.GraphWidget(
                title="API latency p99", left=[api.metric_latency(statistic="p99", period=FIVE_MINUTES)], width=8
            ),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Lambda errors", left=[f.metric_errors(period=FIVE_MINUTES) for f in functions.values()], width=8
            ),
            cloudwatch.GraphWidget(
                title="Lambda duration p99",
                left=[f.metric_duration(statistic="p99", period=FIVE_MINUTES) for f in functions.values()],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Ingest dead letters",
                left=[ingest_dead_letters.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES)],
                width=8,
            ),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(title="Active calls per task", left=[active_calls], width=8),
            cloudwatch.GraphWidget(
                title="Voice tasks healthy / unhealthy",
                left=[target_group.metrics.healthy_host_count(), target_group.metrics.unhealthy_host_count()],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Voice ALB connections and 5xx",
                left=[load_balancer.metrics.active_connection_count()],
                right=[load_balancer.metrics.http_code_target(elbv2.HttpCodeTarget.TARGET_5XX_COUNT)],
                width=8,
            ),
        )

    def _alarm(
        self, id: str, metric: cloudwatch.IMetric, *, threshold: float, description: str, evaluation_periods: int = 1
    ) -> None:
        alarm = cloudwatch.Alarm(
            self,
            id,
            metric=metric,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        alarm.add_ok_action(actions.SnsAction(self.topic))
        self.alarms[id] = alarm


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))
