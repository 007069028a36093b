-- Layout: long lists, long conditions, long CASEs, joins, subqueries, OVER
-- frames, keyword-named columns, quoted identifiers, clause order.
create stream raw_orders (order_id bigint not null, customer_id string, "Region Code" string, amount decimal(12,2), ts timestamp, tags array<string>, attrs map<string, string>) with ("raw_orders.type" = "file_source", 'raw_orders.path' = 'orders.csv');

create or replace table customers (customer_id string not null, name string, tier int, primary key (customer_id)) with ('customers.type' = 'file_source', 'customers.path' = 'customers.csv');

create stream enriched as select o.order_id, o.amount, c.name, c.tier, o."Region Code" as region, case when o.amount >= 10000 then 'whale' when o.amount >= 1000 then 'large' when o.amount >= 100 then 'medium' else 'small' end as size_class, case c.tier when 1 then 'gold' when 2 then 'silver' else 'bronze' end as tier_name, o.tags[1] first_tag
from raw_orders o join customers c on o.customer_id = c.customer_id left outer join customers c2 on c2.customer_id = o.customer_id and c2.tier > c.tier and c2.name is not null and c2.name <> c.name
where (o.amount > 100 and o."Region Code" in ('EU', 'UK', 'CH')) or (o.amount > 1000 and o."Region Code" not in ('US', 'CA') and c.tier between 1 and 2) or c.name like 'VIP%' escape '!' or o.customer_id in (select customer_id from customers where tier = 1 and name is not null)
with ('enriched.type' = 'file_sink', 'enriched.path' = 'out/enriched.csv');

-- WINDOW before GROUP BY and EMIT in the middle, as the dialect allows.
create table regional_totals as
select "Region Code" primary key, count(*) as order_count, sum(amount) as total_amount, avg(amount) as average_amount, min(amount) as smallest, max(amount) as largest, _window_start, _window_end
from raw_orders
window tumbling(ts, interval '1' hour)
group by "Region Code"
having count(*) > 10 and sum(amount) > 100000 and avg(amount) between 10 and 1000 and max(amount) < 1000000 or min(amount) < 0
emit final
with ('regional_totals.type' = 'file_sink', 'regional_totals.path' = 'out/regional.csv');

insert into sink_stream
select timestamp, key, value, status, count, date, window, metrics, properties, type, size, position, data, "select", `from`, MixedCase as KeepsSpelling
from readings where value > 0 and status = 'ok' and "select" <> '' order by timestamp desc nulls last, value limit 100;

select order_id, amount, sum(amount) over (partition by customer_id order by ts rows between 2 preceding and current row) as moving_sum, avg(amount) over (rows window buffer 50 rows partition by customer_id, "Region Code" order by ts) as avg50, lag(amount, 1, 0) over (partition by customer_id order by ts) prev_amount, row_number() over (partition by customer_id order by ts emit changes) as n, max(amount) over (order by ts range between interval '1' day preceding and current row) as day_max, percentile_cont(0.5) within group (order by amount desc) as median_amount
from raw_orders;

select t.customer_id, t.total from (select customer_id, sum(amount) as total from raw_orders group by customer_id having sum(amount) > 10) as t where exists (select 1 from customers c where c.customer_id = t.customer_id and c.tier = 1) and t.total > (select avg(amount) from raw_orders);

select upper(case when a > 1 then 'one more than the threshold value' when a > 2 then 'two more than the threshold value' else 'x' end) as up,
  case when a = 1 then case when b = 1 then 'one-one with a long label' when b = 2 then 'one-two with a long label' else 'one-other' end else 'other' end as nested
from t;

select a_rather_long_grouping_column_name, another_rather_long_grouping_column, yet_another_long_grouping_column, count(*) as n
from t
group by a_rather_long_grouping_column_name, another_rather_long_grouping_column, yet_another_long_grouping_column
order by a_rather_long_grouping_column_name asc, another_rather_long_grouping_column desc, yet_another_long_grouping_column;

select distinct customer_id from raw_orders
