"""The monitor's part of the synthetic data (`manage.py generate_synthetic`, issue 14): the
monthly KPI snapshots of the last 24 complete months (what the trends and the dashboard read),
computed from the generated history like the monthly task does, and written in one bulk insert
per location. Older months are left out: no page reads them, and each snapshot costs a full
scorecard. Registered from MonitorConfig.ready() so that `communities` never imports monitor."""

from __future__ import annotations

from communities.demo.synthetic import SyntheticCommunity
from monitor.models import KpiSnapshot
from monitor.selectors import TREND_MONTHS
from monitor.snapshots import last_complete_month, snapshot_data
from monitor.sources import month_end, month_start, months_back


def synthetic_monitor(synthetic: SyntheticCommunity) -> dict[str, int]:
    community = synthetic.community
    last = last_complete_month(synthetic.today)
    opened = month_start(community.residents_moved_in_on)
    months = [
        month for n in range(TREND_MONTHS - 1, -1, -1) if (month := months_back(last, n)) >= opened
    ]
    KpiSnapshot.objects.bulk_create(
        [
            KpiSnapshot(
                community=community,
                month=month,
                as_of=month_end(month),
                data=snapshot_data(community=community, month=month),
            )
            for month in months
        ]
    )
    return {"monitor_snapshots": len(months)}
