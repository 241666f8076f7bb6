SELECT c.category, h.category_views AS views, h.category_purchases AS purchases,
       h.category_view_price_sum AS view_price_sum, h.category_priced_views AS priced_views
FROM cut_history h
JOIN categories c USING (cno)
WHERE h.sid IS NULL AND h.category_views + h.category_purchases > 0
ORDER BY c.category
